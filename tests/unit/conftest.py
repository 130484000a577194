"""The unit layer: the handlers with the data access faked at its one seam (rpc), and a JWKS
endpoint on loopback instead of Supabase Auth."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest

from tests.support.api import Api
from tests.support.database import drop_cached_settings
from tests.support.tokens import UNIT_SECRET_KEY, auth_claims, signed_token
from tools.keys import generate_signing_jwk, public_jwk


class JwksEndpoint:
    """A JWKS endpoint on loopback whose published keys a test changes."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.fetches = 0
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                endpoint.fetches += 1
                body = json.dumps({"keys": endpoint.keys}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()


@pytest.fixture
def jwks(monkeypatch: pytest.MonkeyPatch) -> Iterator[JwksEndpoint]:
    """Settings for a Supabase project whose JWKS is a JwksEndpoint (and nothing else answers);
    the cached settings, keys and admin checks are dropped before and after."""
    from chat_core import auth

    endpoint = JwksEndpoint()
    monkeypatch.setenv("SUPABASE_URL", endpoint.url)
    monkeypatch.setenv("SUPABASE_SECRET_KEY", UNIT_SECRET_KEY)
    monkeypatch.setenv("PUBLIC_CHAT_URL", "http://chat.test/chat")
    monkeypatch.setattr(auth, "JWKS_REFRESH_COOLDOWN_SECONDS", 0)
    drop_cached_settings()
    yield endpoint
    endpoint.server.shutdown()
    drop_cached_settings()


class FakeSupabase:
    """The Supabase client as chat_core.rpc uses it (client.rpc(fn, params).execute().data).
    Each function answers what `answers` holds for it: a value, or an exception to raise."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}
        self.calls: list[str] = []

    def rpc(self, function: str, params: dict[str, Any]) -> Any:
        self.calls.append(function)
        answer = self.answers.get(function)

        class Call:
            def execute(self) -> Any:
                if isinstance(answer, BaseException):
                    raise answer
                return SimpleNamespace(data=answer)

        return Call()


@dataclass
class UnitApis:
    """Both handlers with a faked data layer; `token_for(claims)` signs with the project's key."""

    supabase: FakeSupabase
    signing_jwk: dict[str, Any]
    issuer: str
    session_api: Api
    message_api: Api

    def token_for(self, claims: dict[str, Any]) -> str:
        return signed_token(self.signing_jwk, claims)

    def admin_token(self) -> str:
        return self.token_for(auth_claims(self.issuer))


@pytest.fixture
def unit_apis(jwks: JwksEndpoint, monkeypatch: pytest.MonkeyPatch) -> UnitApis:
    """The two Lambda handlers over a FakeSupabase, with a JWKS publishing the signing key."""
    from chat_core import rpc

    from functions.chat_message.app import lambda_handler as message_handler
    from functions.chat_session.app import lambda_handler as session_handler

    signing = generate_signing_jwk()
    jwks.keys = [public_jwk(signing)]
    monkeypatch.setenv("CHAT_SIGNING_JWK", json.dumps(signing))
    supabase = FakeSupabase()
    monkeypatch.setattr(rpc, "get_client", lambda: supabase)
    return UnitApis(
        supabase=supabase,
        signing_jwk=signing,
        issuer=f"{jwks.url}/auth/v1",
        session_api=Api("/chat-session", session_handler),
        message_api=Api("/chat-message", message_handler),
    )
