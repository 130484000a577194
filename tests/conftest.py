"""Shared fixtures: the local stack (embedded Postgres with the real migrations, the
Supabase-compatible gateway, the API Gateway emulator) started once per test run, and
helpers that invoke the real Lambda handlers with REST v1 events."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

# Static settings, before any handler module is imported (CORS is read at import).
TEST_ENV = {
    "PUBLIC_CHAT_URL": "http://chat.test/chat",
    "CORS_ALLOWED_ORIGINS": "http://dashboard.test",
    "POWERTOOLS_SERVICE_NAME": "chat-test",
    "POWERTOOLS_METRICS_NAMESPACE": "CustomerChatTest",
    "AWS_DEFAULT_REGION": "us-east-1",
}
os.environ.update(TEST_ENV)
for leaked in ("CHAT_SECRET_ID", "SUPABASE_SERVICE_ROLE_KEY", "DATABASE_URL"):
    os.environ.pop(leaked, None)

from local.lambda_runtime import LambdaContext, v1_event  # noqa: E402
from local.stack import LocalStack, Ports, generate_api_keys  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    stack = LocalStack(
        database_url=os.environ.get("TEST_DATABASE_URL") or None,
        data_dir=tmp_path_factory.mktemp("postgres") / "data",
        keys=generate_api_keys(),
        ports=Ports(gateway=free_port(), api=free_port()),
        delete_data_on_stop=True,
    ).start()
    os.environ.update(
        SUPABASE_URL=stack.supabase_url,
        SUPABASE_SECRET_KEY=stack.keys.secret,
        SUPABASE_PUBLISHABLE_KEY=stack.keys.publishable,
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
    """Calls one Lambda handler the way API Gateway does."""

    def __init__(self, path: str, handler: Any) -> None:
        self.path, self.handler = path, handler

    def __call__(self, method: str, *, query: dict[str, Any] | None = None, body: Any = None,
                 raw_body: str | None = None, headers: dict[str, str] | None = None) -> ApiResponse:
        text = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        event = v1_event(method, self.path, query={k: str(v) for k, v in (query or {}).items()},
                         headers=all_headers, body=text)
        result = self.handler(event, LambdaContext())
        raw = result.get("body")
        return ApiResponse(result["statusCode"], json.loads(raw) if raw else None, result.get("headers") or {})


@pytest.fixture(scope="session")
def session_api(local_stack: LocalStack) -> Api:
    from functions.chat_session.app import lambda_handler

    return Api("/chat-session", lambda_handler)


@pytest.fixture(scope="session")
def message_api(local_stack: LocalStack) -> Api:
    from functions.chat_message.app import lambda_handler

    return Api("/chat-message", lambda_handler)


@pytest.fixture(scope="session")
def db(local_stack: LocalStack) -> Iterator[psycopg.Connection]:
    """A superuser connection for asserting on stored rows."""
    with psycopg.connect(local_stack.database_url, autocommit=True, row_factory=dict_row) as conn:
        yield conn


@pytest.fixture
def create_chat(session_api: Api) -> Any:
    def _create(name: str = "Ada Lovelace", email: str | None = "ada@example.com") -> dict[str, Any]:
        response = session_api("POST", body={"customer_name": name, "customer_email": email})
        assert response.status == 201, response.body
        return response.body["session"]

    return _create


@pytest.fixture
def chat(create_chat: Any) -> dict[str, Any]:
    """An open chat session."""
    return create_chat()


@pytest.fixture
def send(message_api: Api) -> Any:
    def _send(chat_id: str, content: str, sender_type: str = "customer", **extra: Any) -> ApiResponse:
        return message_api("POST", body={"chat_id": chat_id, "sender_type": sender_type, "content": content, **extra})

    return _send


@pytest.fixture
def stored_messages(db: psycopg.Connection) -> Any:
    """The rows Postgres holds for a chat, in seq order."""

    def _rows(chat_id: str) -> list[dict[str, Any]]:
        return db.execute("select * from chat_messages where chat_id = %s order by seq", (chat_id,)).fetchall()

    return _rows
