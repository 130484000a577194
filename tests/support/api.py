"""The real Lambda handlers called the way API Gateway calls them, and chats made through them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from local.lambda_runtime import invoke, v1_event


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
        source_ip: str = "127.0.0.1",
    ) -> ApiResponse:
        text = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
        auth = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        all_headers = {"Content-Type": "application/json", **auth, **(headers or {})}
        event = v1_event(
            method,
            self.path,
            query={k: str(v) for k, v in (query or {}).items()},
            headers=all_headers,
            body=text,
            source_ip=source_ip,
        )
        result = invoke(self.handler, event, context)
        raw = result.get("body")
        # API Gateway merges both header maps into the HTTP response.
        headers = dict(result.get("headers") or {})
        headers.update({k: ", ".join(v) for k, v in (result.get("multiValueHeaders") or {}).items()})
        as_json = headers.get("Content-Type", "application/json").startswith("application/json")
        body = (json.loads(raw) if as_json else raw) if raw else None
        return ApiResponse(result["statusCode"], body, headers)


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


def listed_sessions(session_api: Api, **query: Any) -> dict[str, dict[str, Any]]:
    """The session list as the API's caller sees it (newest 200, with `query`), by id."""
    response = session_api("GET", query={"limit": 200, **query})
    assert response.status == 200, response.body
    return {session["id"]: session for session in response.body["sessions"]}
