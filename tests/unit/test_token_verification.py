"""Token verification follows the project's JWKS, including a key that appears later."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from chat_core import auth
from chat_core.config import get_settings
from chat_core.errors import Unauthorized

from local.keys import generate_signing_jwk, public_jwk


class _Jwks:
    """A JWKS endpoint whose published keys the test changes."""

    def __init__(self) -> None:
        self.keys: list[dict] = []
        self.fetches = 0
        jwks = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                jwks.fetches += 1
                body = json.dumps({"keys": jwks.keys}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def jwks(monkeypatch):
    endpoint = _Jwks()
    monkeypatch.setenv("SUPABASE_URL", endpoint.url)
    monkeypatch.setenv("SUPABASE_SECRET_KEY", "sb_secret_unit")
    monkeypatch.setenv("PUBLIC_CHAT_URL", "http://chat.test/chat")
    monkeypatch.setattr(auth, "JWKS_REFRESH_COOLDOWN_SECONDS", 0)
    get_settings.cache_clear()
    auth._jwks.cache_clear()
    yield endpoint
    endpoint.server.shutdown()
    get_settings.cache_clear()
    auth._jwks.cache_clear()


def _token(jwk: dict, issuer: str) -> str:
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": "authenticated",
        "sub": "9b1f6b2e-7d0c-4a53-8a52-0d0d3c0c4f11",
        "iat": now,
        "exp": now + 300,
        "role": "authenticated",
    }
    return jwt.encode(claims, jwt.PyJWK(jwk).key, algorithm="ES256", headers={"kid": jwk["kid"]})


def test_a_token_with_a_newly_published_kid_verifies_after_a_refetch(jwks):
    # Given a verifier that has fetched the JWKS with the old key only
    old, new = generate_signing_jwk(), generate_signing_jwk()
    jwks.keys = [public_jwk(old)]
    auth.verify_token(_token(old, f"{jwks.url}/auth/v1"))

    # When the project rotates to a new key and a token signed with it arrives
    jwks.keys = [public_jwk(old), public_jwk(new)]
    claims = auth.verify_token(_token(new, f"{jwks.url}/auth/v1"))

    # Then the verifier fetched the JWKS again and accepted it
    assert claims["sub"] == "9b1f6b2e-7d0c-4a53-8a52-0d0d3c0c4f11"
    assert jwks.fetches == 2


def test_the_jwks_is_cached_between_verifications(jwks):
    key = generate_signing_jwk()
    jwks.keys = [public_jwk(key)]

    for _ in range(3):
        auth.verify_token(_token(key, f"{jwks.url}/auth/v1"))

    assert jwks.fetches == 1


def test_a_kid_the_project_never_published_is_refused(jwks):
    jwks.keys = [public_jwk(generate_signing_jwk())]

    with pytest.raises(Unauthorized):
        auth.verify_token(_token(generate_signing_jwk(), f"{jwks.url}/auth/v1"))
