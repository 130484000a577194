"""Shared fixtures: the local stack (embedded Postgres with the real migrations, the
Supabase-compatible gateway, the API Gateway emulator) started once per test run, and
helpers that invoke the real Lambda handlers with REST v1 events."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import jwt
import psycopg
import pytest
import requests
from psycopg.rows import dict_row

from local.realtime import RealtimeSettings
from local.stack import LocalStack, Ports, free_port, generate_api_keys

Rows = psycopg.Connection[dict[str, Any]]  # a connection whose rows are dicts (dict_row)

# The pages' origin differs from the API's, so the browser tests exercise CORS.
WEB_PORT = free_port()

# Static settings, before any handler module is imported (CORS is read at import).
TEST_ENV = {
    "PUBLIC_CHAT_URL": f"http://localhost:{WEB_PORT}/chat",
    "PUBLIC_ADMIN_URL": f"http://localhost:{WEB_PORT}/admin/",
    "CORS_ALLOWED_ORIGINS": f"http://dashboard.test,http://localhost:{WEB_PORT}",
    "POWERTOOLS_SERVICE_NAME": "chat-test",
    "POWERTOOLS_METRICS_NAMESPACE": "CustomerChatTest",
    "AWS_DEFAULT_REGION": "us-east-1",
}
os.environ.update(TEST_ENV)
for leaked in ("CHAT_SECRET_ID", "SUPABASE_SERVICE_ROLE_KEY", "DATABASE_URL"):
    os.environ.pop(leaked, None)

from local.admins import Role, create_admin, create_user, password_grant  # noqa: E402
from local.gotrue import IntervalLimiter  # noqa: E402
from local.lambda_runtime import invoke, v1_event  # noqa: E402
from tools.keys import generate_signing_jwk, public_jwk  # noqa: E402


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    stack = LocalStack(
        database_url=os.environ.get("TEST_DATABASE_URL") or None,
        data_dir=tmp_path_factory.mktemp("postgres") / "data",
        keys=generate_api_keys(),
        signing_jwk=generate_signing_jwk(),
        ports=Ports(gateway=free_port(), api=free_port(), web=WEB_PORT, s3=free_port()),
        delete_data_on_stop=True,
        # Production's private-only Realtime; a short subscription delay keeps the suite fast
        # (tests of that delay use the production range: `realistic_realtime_delay`).
        realtime=RealtimeSettings(postgres_changes_ready_after=(0.2, 0.4), private_only=True),
    ).start()
    # Budgets a shared test run would exhaust (every test joins and creates from 127.0.0.1);
    # the tests of the limits set their own (the `rate_limit` fixture).
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        conn.execute("update chat_private.rate_limits set max_events = 1000000")
    # A project with its own SMTP sets Auth's email budget (Auth > Rate Limits); a whole run
    # invites about 25 times, near the default 30 an hour.
    stack.gateway.auth.email_rate = IntervalLimiter(100, 3600)
    os.environ.update(
        SUPABASE_URL=stack.supabase_url,
        SUPABASE_SECRET_KEY=stack.keys.secret,
        SUPABASE_PUBLISHABLE_KEY=stack.keys.publishable,
        CHAT_SIGNING_JWK=json.dumps(stack.signing_jwk),
        PUBLIC_API_URL=stack.api_url,
        **stack.attachments_settings(),
        **stack.push_settings(),
    )
    yield stack
    stack.stop()


@dataclass
class ApiResponse:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def error_code(self) -> str:
        return self.body["error"]["code"]


class Api:
    """Calls one Lambda handler the way API Gateway does, with `token` as the bearer."""

    def __init__(self, path: str, handler: Any, token: str | None = None) -> None:
        self.path, self.handler, self.token = path, handler, token

    def as_(self, token: str | None) -> Api:
        """The same API, called with another credential (None: no Authorization header)."""
        return Api(self.path, self.handler, token)

    def at(self, subpath: str) -> Api:
        return Api(self.path + subpath, self.handler, self.token)

    def __call__(
        self,
        method: str,
        *,
        query: dict[str, Any] | None = None,
        body: Any = None,
        raw_body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
        context: Any = None,
    ) -> ApiResponse:
        text = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
        auth = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        all_headers = {"Content-Type": "application/json", **auth, **(headers or {})}
        event = v1_event(
            method, self.path, query={k: str(v) for k, v in (query or {}).items()}, headers=all_headers, body=text
        )
        result = invoke(self.handler, event, context)
        raw = result.get("body")
        # API Gateway merges both header maps into the HTTP response.
        headers = dict(result.get("headers") or {})
        headers.update({k: ", ".join(v) for k, v in (result.get("multiValueHeaders") or {}).items()})
        return ApiResponse(result["statusCode"], json.loads(raw) if raw else None, headers)


def customer_claims(chat_id: str, **overrides: Any) -> dict[str, Any]:
    """The claims of a customer token for `chat_id`, as the API mints them (10 minutes)."""
    now = int(time.time())
    return {
        "iss": "customer-chat",
        "aud": "authenticated",
        "role": "authenticated",
        "sub": str(uuid.uuid4()),
        "chat_id": chat_id,
        "iat": now,
        "exp": now + 600,
        **overrides,
    }


ADMIN_EMAIL, ADMIN_PASSWORD = "admin@chat.test", "correct horse battery staple"


@pytest.fixture(scope="session")
def admin_credentials(local_stack: LocalStack) -> tuple[str, str]:
    """Email and password of a chat admin in the local Supabase Auth."""
    create_admin(local_stack.database_url, ADMIN_EMAIL, ADMIN_PASSWORD, "Test Admin", role="owner")
    return ADMIN_EMAIL, ADMIN_PASSWORD


@pytest.fixture(scope="session")
def admin_session(local_stack: LocalStack, admin_credentials: tuple[str, str]) -> dict[str, Any]:
    """A chat admin (an owner of the team) signed in through the local Supabase Auth (password grant)."""
    return password_grant(local_stack.supabase_url, local_stack.keys.publishable, *admin_credentials)


@pytest.fixture(scope="session")
def admin_token(admin_session: dict[str, Any]) -> str:
    return admin_session["access_token"]


@pytest.fixture(scope="session")
def non_admin_token(local_stack: LocalStack) -> str:
    """A signed-in Supabase Auth user who is not a chat admin."""
    create_user(local_stack.database_url, "someone@chat.test", "not an admin at all")
    return password_grant(
        local_stack.supabase_url, local_stack.keys.publishable, "someone@chat.test", "not an admin at all"
    )["access_token"]


@pytest.fixture
def new_admin(local_stack: LocalStack) -> Callable[..., tuple[str, str]]:
    """Adds a fresh admin to the team, signed in: new_admin(role="agent", name=...) gives its
    (user id, access token)."""

    def add(role: Role = "agent", name: str = "New Colleague") -> tuple[str, str]:
        email = f"colleague-{uuid.uuid4().hex[:10]}@chat.test"
        create_admin(local_stack.database_url, email, "colleague password", name, role)
        signed_in = password_grant(local_stack.supabase_url, local_stack.keys.publishable, email, "colleague password")
        return signed_in["user"]["id"], signed_in["access_token"]

    return add


def png_image(width: int, height: int) -> bytes:
    """A real PNG of width × height, orange and teal stripes (a screenshot, to tell apart in one)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    stripe = [b"\xf2\x8c\x28", b"\x1f\x9e\x89"]
    rows = b"".join(b"\x00" + b"".join(stripe[(x // 20) % 2] for x in range(width)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def invitation_link(local_stack: LocalStack, email: str) -> str:
    """The link in the newest invitation the local Supabase Auth "emailed" to `email`."""
    mailbox = requests.get(f"{local_stack.supabase_url}/local/mailbox", timeout=10).json()["messages"]
    links = [message["link"] for message in mailbox if message["to"] == email]
    assert links, f"no invitation was sent to {email}"
    return str(links[-1])


@pytest.fixture
def owners_only(db: Rows) -> Iterator[Callable[..., None]]:
    """owners_only(*user_ids): for one test those admins are the team's only owners (everyone
    else an agent); the owners come back after."""
    before = [row["user_id"] for row in db.execute("select user_id from public.chat_admins where role = 'owner'")]

    def make_owners(*user_ids: Any) -> None:
        db.execute(
            "update public.chat_admins set role = case when user_id = any(%s::uuid[]) then 'owner' else 'agent' end",
            ([str(user_id) for user_id in user_ids],),
        )

    yield make_owners
    make_owners(*before)


@pytest.fixture(scope="session")
def second_admin_credentials(local_stack: LocalStack) -> tuple[str, str]:
    """Another chat admin of the same team ("Second Admin", an agent): its email and password."""
    credentials = ("second-admin@chat.test", "second admin password")
    create_admin(local_stack.database_url, *credentials, "Second Admin")
    return credentials


@pytest.fixture(scope="session")
def second_admin_token(local_stack: LocalStack, second_admin_credentials: tuple[str, str]) -> str:
    """Another chat admin of the same team, signed in."""
    return password_grant(local_stack.supabase_url, local_stack.keys.publishable, *second_admin_credentials)[
        "access_token"
    ]


@pytest.fixture(scope="session")
def session_api(local_stack: LocalStack, admin_token: str) -> Api:
    """/chat-session, called as the admin (use .as_(token) for anyone else)."""
    from functions.chat_session.app import lambda_handler

    return Api("/chat-session", lambda_handler, admin_token)


@pytest.fixture(scope="session")
def message_api(local_stack: LocalStack, admin_token: str) -> Api:
    """/chat-message, called as the admin (use .as_(token) for anyone else)."""
    from functions.chat_message.app import lambda_handler

    return Api("/chat-message", lambda_handler, admin_token)


class Chats:
    """Creates chats as the admin and acts as their customers, through the real routes."""

    def __init__(self, session_api: Api, message_api: Api) -> None:
        self.session_api, self.message_api = session_api, message_api
        self.capabilities: dict[str, str] = {}
        self._customer_tokens: dict[str, str] = {}

    def create(self, name: str = "Ada Lovelace", email: str | None = "ada@example.com") -> dict[str, Any]:
        response = self.session_api("POST", body={"customer_name": name, "customer_email": email})
        assert response.status == 201, response.body
        session = response.body["session"]
        self.capabilities[session["id"]] = response.body["link"].split("#token=", 1)[1]
        return session

    def join(self, chat_id: str, capability: str | None = None) -> ApiResponse:
        token = capability or self.capabilities[chat_id]
        return self.session_api.as_(None).at("/join")("POST", body={"chat_id": chat_id, "token": token})

    def customer_token(self, chat_id: str) -> str:
        if chat_id not in self._customer_tokens:
            joined = self.join(chat_id)
            assert joined.status == 200, joined.body
            self._customer_tokens[chat_id] = joined.body["access_token"]
        return self._customer_tokens[chat_id]

    def send(self, chat_id: str, content: str, sender: str = "customer", **extra: Any) -> ApiResponse:
        """Send as the chat's customer or as the admin; the credential says which."""
        api = self.message_api if sender == "admin" else self.message_api.as_(self.customer_token(chat_id))
        return api("POST", body={"chat_id": chat_id, "content": content, **extra})


@pytest.fixture(scope="session")
def db(local_stack: LocalStack) -> Iterator[Rows]:
    """A superuser connection for asserting on stored rows."""
    with psycopg.connect(local_stack.database_url, autocommit=True, row_factory=dict_row) as conn:
        yield conn


@pytest.fixture(scope="session")
def chats(session_api: Api, message_api: Api) -> Chats:
    return Chats(session_api, message_api)


@pytest.fixture
def create_chat(chats: Chats) -> Any:
    return chats.create


@pytest.fixture
def chat(chats: Chats) -> dict[str, Any]:
    """An open chat session."""
    return chats.create()


@pytest.fixture
def send(chats: Chats) -> Any:
    return chats.send


@pytest.fixture
def customer_token(chats: Chats) -> Any:
    """The access token a chat's customer gets by opening its link."""
    return chats.customer_token


@pytest.fixture
def functions_deployed_with(local_stack: LocalStack) -> Iterator[Any]:
    """functions_deployed_with(NAME="value", ...): the API Gateway emulator's functions run with
    these settings for one test (as updating their configuration would), then as before."""
    yield lambda **settings: local_stack.api_gateway.redeploy(settings)
    local_stack.api_gateway.redeploy({})


@pytest.fixture
def send_rate_limit(db: Rows) -> Iterator[Any]:
    """Set the per-chat send rate limit for one test; the migration's default comes back after."""
    original = db.execute("select max_messages, per_seconds from chat_private.send_rate_limit").fetchone()

    def _set(max_messages: int, per_seconds: int) -> None:
        db.execute(
            "update chat_private.send_rate_limit set max_messages = %s, per_seconds = %s", (max_messages, per_seconds)
        )

    yield _set
    _set(original["max_messages"], original["per_seconds"])


@pytest.fixture
def rate_limit(db: Rows) -> Iterator[Any]:
    """rate_limit(action, max_events, per_seconds) for one test (chat_private.rate_limits); the
    run's generous budget comes back after, with nothing spent."""
    changed: dict[str, tuple[int, int]] = {}

    def _set(action: str, max_events: int, per_seconds: int) -> None:
        row = db.execute(
            "select max_events, per_seconds from chat_private.rate_limits where action = %s", (action,)
        ).fetchone()
        changed.setdefault(action, (row["max_events"], row["per_seconds"]))
        db.execute(
            "update chat_private.rate_limits set max_events = %s, per_seconds = %s where action = %s",
            (max_events, per_seconds, action),
        )

    yield _set
    for action, (max_events, per_seconds) in changed.items():
        db.execute(
            "update chat_private.rate_limits set max_events = %s, per_seconds = %s where action = %s",
            (max_events, per_seconds, action),
        )
    db.execute("delete from chat_private.rate_events")


@pytest.fixture
def stored_messages(db: Rows) -> Any:
    """The rows Postgres holds for a chat, in seq order."""

    def _rows(chat_id: str) -> list[dict[str, Any]]:
        return db.execute("select * from chat_messages where chat_id = %s order by seq", (chat_id,)).fetchall()

    return _rows


def is_postgres_ready(event: dict[str, Any]) -> bool:
    """The system message after which Realtime delivers a channel's postgres_changes."""
    payload = event.get("payload") or {}
    return (
        event["kind"] == "system" and payload.get("extension") == "postgres_changes" and payload.get("status") == "ok"
    )


class SupabaseJs:
    """The pinned supabase-js in Node, subscribed to the local gateway's Realtime."""

    def __init__(self, supabase_url: str, key: str, access_token: str | None) -> None:
        script = os.path.join(os.path.dirname(__file__), "realtime", "supabase_js_client.mjs")
        args = ["node", "--experimental-websocket", "--no-warnings", script, supabase_url, key]
        self.process = subprocess.Popen(
            args + ([access_token] if access_token else []),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None  # piped above
        for line in self.process.stdout:
            self.events.put(json.loads(line))

    def command(self, command: str, **arguments: Any) -> None:
        assert self.process.stdin is not None  # piped above
        self.process.stdin.write(json.dumps({"command": command, **arguments}) + "\n")
        self.process.stdin.flush()

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> dict[str, Any]:
        """The first event (from now) for which predicate holds; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                break
            if predicate(event):
                return event
        raise AssertionError("supabase-js did not see the expected event")

    def drain(self, seconds: float) -> list[dict[str, Any]]:
        """Everything seen within `seconds` (to check that something did NOT arrive)."""
        seen, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                seen.append(self.events.get(timeout=left))
            except queue.Empty:
                break
        return seen

    def subscribed(self, name: str, **arguments: Any) -> None:
        """Joined, and (with postgres_changes) told by the server that changes now flow."""
        self.command("subscribe", name=name, **arguments)
        event = self.wait_for(lambda e: e.get("channel") == name and e["kind"] == "status" and e["status"] != "CLOSED")
        assert event["status"] == "SUBSCRIBED", event
        if arguments.get("changes"):
            self.wait_for(lambda e: e.get("channel") == name and is_postgres_ready(e))

    def close(self) -> None:
        if self.process.poll() is None:
            self.command("quit")
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


@contextlib.contextmanager
def realtime_settings(stack: LocalStack, **changes: Any) -> Iterator[None]:
    """The shared stack's Realtime with `changes` (RealtimeSettings fields) for the body only."""
    settings = stack.realtime_settings
    original = {name: getattr(settings, name) for name in changes}
    for name, value in changes.items():
        setattr(settings, name, value)
    try:
        yield
    finally:
        for name, value in original.items():
            setattr(settings, name, value)


@pytest.fixture
def realtime_limits(local_stack: LocalStack) -> Any:
    """realtime_limits(**settings): a project's Realtime limits for the body of a `with`, counted
    from nothing and forgotten after (a 0.2 s tick, not 5 s, unless the test says otherwise)."""

    @contextlib.contextmanager
    def _limits(**changes: Any) -> Iterator[None]:
        try:
            with realtime_settings(local_stack, **{"rate_counter_tick": 0.2, **changes}):
                local_stack.reset_realtime_rates()  # the tick is read when counting starts
                yield
        finally:
            local_stack.reset_realtime_rates()

    return _limits


@pytest.fixture
def realistic_realtime_delay(local_stack: LocalStack) -> Iterator[None]:
    """Realtime's database subscription ready 1-3 s after a join, as on a hosted project."""
    with realtime_settings(local_stack, postgres_changes_ready_after=(1.0, 3.0)):
        yield


@pytest.fixture
def public_channels_allowed(local_stack: LocalStack) -> Iterator[None]:
    """Supabase's "Allow public access" switched on for one test."""
    with realtime_settings(local_stack, private_only=False):
        yield


@pytest.fixture
def supabase_js(local_stack: LocalStack) -> Iterator[Any]:
    """Start supabase-js clients: supabase_js(access_token=None) -> SupabaseJs."""
    clients: list[SupabaseJs] = []

    def _start(access_token: str | None = None) -> SupabaseJs:
        client = SupabaseJs(local_stack.supabase_url, local_stack.keys.publishable, access_token)
        clients.append(client)
        return client

    yield _start
    for client in clients:
        client.close()


# -- the unit layer: the handlers with the data access faked at its one seam (rpc) ------------


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


UNIT_SECRET_KEY = "sb_secret_unit_never_logged"  # noqa: S105 -- a fake, so tests can look for it in logs


def listed_sessions(session_api: Api, **query: Any) -> dict[str, dict[str, Any]]:
    """The session list as the API's caller sees it (newest 200, with `query`), by id."""
    response = session_api("GET", query={"limit": 200, **query})
    assert response.status == 200, response.body
    return {session["id"]: session for session in response.body["sessions"]}


@contextlib.contextmanager
def as_role(db: Any, role: str, claims: dict[str, Any] | None = None) -> Iterator[Any]:
    """Run as `role` with `claims` (request.jwt.claims), the way Supabase evaluates a
    subscriber's right to a row, inside a transaction that is always rolled back."""
    with db.transaction(force_rollback=True):
        db.execute(
            "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
            (role, json.dumps(claims or {})),
        )
        yield db


def drop_cached_settings() -> None:
    """Forget everything a container caches from its settings (settings, the pages' origin,
    Secrets Manager and SSM reads, the JWKS client, the signing key, the Auth admin and S3 clients), so
    the next use reads the environment as it is now."""
    from aws_lambda_powertools.utilities import parameters
    from chat_core import attachments, auth, auth_admin
    from chat_core.config import get_settings, pages_origin

    get_settings.cache_clear()
    pages_origin.cache_clear()
    parameters.clear_caches()
    auth._jwks.cache_clear()
    auth._signing_key.cache_clear()
    auth_admin._admin_api.cache_clear()
    attachments.s3_client.cache_clear()


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


def signed_token(jwk: dict[str, Any], claims: dict[str, Any]) -> str:
    return jwt.encode(claims, jwt.PyJWK(jwk).key, algorithm="ES256", headers={"kid": jwk["kid"]})


def auth_claims(issuer: str, **overrides: Any) -> dict[str, Any]:
    """The claims of a Supabase Auth access token (5 minutes) from `issuer`."""
    now = int(time.time())
    return {
        "iss": issuer,
        "aud": "authenticated",
        "sub": "9b1f6b2e-7d0c-4a53-8a52-0d0d3c0c4f11",
        "iat": now,
        "exp": now + 300,
        "role": "authenticated",
        **overrides,
    }


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


# -- query plans: a second database, migrated and seeded large ---------------------------------

PLAN_CHAT_MESSAGES = 20_000  # one long chat: history at any depth must cost the same
PLAN_SESSIONS = 5_000  # open and closed, for the session list


@dataclass
class PlanDatabase:
    url: str  # superuser
    long_chat: str
    admin_id: str


@pytest.fixture(scope="session")
def plan_database(local_stack: LocalStack) -> Iterator[PlanDatabase]:
    """A database of its own on the test server, with the real migrations, a chat of
    PLAN_CHAT_MESSAGES messages and PLAN_SESSIONS sessions, analyzed; dropped at the end."""
    from local.database import apply_migrations

    name = f"plans_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(local_stack.database_url, autocommit=True) as conn:
        conn.execute(f"create database {name}")
    url = psycopg.conninfo.make_conninfo(local_stack.database_url, dbname=name)
    try:
        apply_migrations(url)
        with psycopg.connect(url, autocommit=True) as conn:
            # Seeded as a restore would be: no triggers (the send budget, the change capture).
            conn.execute("set session_replication_role = replica")
            admin_id = create_user(url, "plans@chat.test", "plans password")
            conn.execute(
                "insert into public.chat_admins (user_id, display_name, email) values (%s, 'Plans', 'plans@chat.test')",
                (admin_id,),
            )
            conn.execute(
                """
                insert into public.chat_sessions (customer_name, status, created_at, closed_at)
                select 'Customer ' || n, case when n %% 3 = 0 then 'closed' else 'open' end,
                       now() - make_interval(mins => n), case when n %% 3 = 0 then now() end
                from generate_series(1, %s) n
                """,
                (PLAN_SESSIONS,),
            )
            long_chat = conn.execute(
                "insert into public.chat_sessions (customer_name, last_seq, last_message_at) values ('Long', %s, now())"
                " returning id",
                (PLAN_CHAT_MESSAGES,),
            ).fetchone()
            assert long_chat is not None
            conn.execute(
                """
                insert into public.chat_messages (chat_id, sender_type, sender_id, content, seq, created_at)
                select %s, case when n %% 2 = 0 then 'admin' else 'customer' end, 'seed', 'message ' || n, n,
                       now() - make_interval(secs => %s - n)
                from generate_series(1, %s) n
                """,
                (long_chat[0], PLAN_CHAT_MESSAGES, PLAN_CHAT_MESSAGES),
            )
            conn.execute("analyze")
        yield PlanDatabase(url=url, long_chat=str(long_chat[0]), admin_id=str(admin_id))
    finally:
        with psycopg.connect(local_stack.database_url, autocommit=True) as conn:
            conn.execute(f"drop database if exists {name} with (force)")
