"""Who may call what: every caller against every route, through the real handlers.

A is a chat, B another; "customer A" holds the token A's link gives, and so on. An owner is an
agent who also manages the team; a deactivated admin holds a token issued before an owner
deactivated it.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests
from chat_core.auth import unsubscribe_token

from tools.keys import vapid_public_key

ROUTES = [
    "list",
    "get A",
    "create",
    "close A",
    "reopen A",
    "rotate A's link",
    "show A's link",
    "read A",
    "send to A",
    "send to A as admin",
    "mark A read",
    "note presence in A",
    "who am I",
    "list saved replies",
    "assign A to nobody",
    "note admin online",
    "read A's notes",
    "list the team",
    "invite to the team",
    "change a colleague",
    "sign an upload to A",
    "link to A's file",
    "export A's transcript",
    "export the chats of a day",
    "export a customer's data",
    "erase a customer's data",
    "choose my emails",
    "get pushes in this browser",
    "join A with its link",
    "see an email's unsubscribe status",
]

# caller -> the status of each route, in ROUTES' order
# fmt: off
EXPECTED: dict[str, list[int]] = {
    "no credential":       [401] * 28 + [200, 200],
    "publishable key":     [401] * 28 + [200, 200],
    "customer A":          [403, 200, 403, 403, 403, 403, 403, 200, 201, 403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 201, 200, 200, 403, 403, 403, 403, 201, 200, 200],  # noqa: E501
    "customer B":          [403] * 27 + [201, 200, 200],
    "owner":               [200, 200, 201, 200, 200, 200, 200, 200, 201, 201, 200, 403, 200, 200, 200, 200, 200, 200, 201, 200, 201, 200, 200, 200, 200, 200, 200, 201, 200, 200],  # noqa: E501
    "agent":               [200, 200, 201, 200, 200, 200, 200, 200, 201, 201, 200, 403, 200, 200, 200, 200, 200, 403, 403, 403, 201, 200, 200, 200, 403, 403, 200, 201, 200, 200],  # noqa: E501
    "deactivated admin":   [403] * 28 + [200, 200],
    "signed-in non-admin": [403] * 28 + [200, 200],
}
# fmt: on


def _call(
    route: str,
    session_api: Any,
    message_api: Any,
    chats: Any,
    chat_a: str,
    new_admin: Any,
    file_in_a: str | None,
    browser: dict[str, Any] | None,
) -> int:
    requests = {
        "list": lambda: session_api("GET"),
        "get A": lambda: session_api("GET", query={"id": chat_a}),
        "create": lambda: session_api("POST", body={"customer_name": "Matrix"}),
        "close A": lambda: session_api("DELETE", query={"id": chat_a}),
        "show A's link": lambda: session_api.at("/link")("GET", query={"id": chat_a}),
        "reopen A": lambda: session_api.at("/reopen")("POST", body={"chat_id": chat_a}),
        "rotate A's link": lambda: session_api.at("/rotate-link")("POST", body={"chat_id": chat_a}),
        "read A": lambda: message_api("GET", query={"chatId": chat_a}),
        "send to A": lambda: message_api("POST", body={"chat_id": chat_a, "content": "hello"}),
        "send to A as admin": lambda: message_api(
            "POST", body={"chat_id": chat_a, "content": "hi", "sender_type": "admin"}
        ),
        "mark A read": lambda: message_api.at("/read")("POST", body={"chat_id": chat_a, "seq": 0}),
        "note presence in A": lambda: session_api.at("/presence")("POST", body={"chat_id": chat_a, "present": True}),
        "who am I": lambda: session_api.at("/me")("GET"),
        "list saved replies": lambda: message_api.at("/replies")("GET"),
        "assign A to nobody": lambda: session_api.at("/assign")("POST", body={"chat_id": chat_a, "assignee_id": None}),
        "note admin online": lambda: session_api.at("/online")("POST", body={"online": False}),
        "read A's notes": lambda: message_api.at("/notes")("GET", query={"chatId": chat_a}),
        "list the team": lambda: session_api.at("/team")("GET"),
        "invite to the team": lambda: session_api.at("/team")(
            "POST", body={"email": f"matrix-{uuid.uuid4().hex[:10]}@chat.test", "display_name": "Matrix"}
        ),
        "change a colleague": lambda: session_api.at("/team")(
            "PATCH", body={"user_id": new_admin()[0], "display_name": "Renamed"}
        ),
        "sign an upload to A": lambda: message_api.at("/uploads")(
            "POST", body={"chat_id": chat_a, "file_name": "a.txt", "content_type": "text/plain", "size": 5}
        ),
        "link to A's file": lambda: message_api.at("/attachment")("GET", query={"chatId": chat_a, "id": file_in_a}),
        "export A's transcript": lambda: message_api.at("/transcript")(
            "GET", query={"chatId": chat_a, "format": "txt"}
        ),
        "export the chats of a day": lambda: session_api.at("/export")(
            "POST", body={"from": "2020-01-01T00:00:00Z", "to": "2020-01-02T00:00:00Z"}
        ),
        # an address no chat has: the erasure is real, so it must touch nothing another test uses
        "export a customer's data": lambda: session_api.at("/customer-data")(
            "POST", body={"email": "nobody@chat.test"}
        ),
        "erase a customer's data": lambda: session_api.at("/customer-data/erase")(
            "POST", body={"email": "nobody@chat.test"}
        ),
        "choose my emails": lambda: session_api.at("/me")("PATCH", body={"email_notifications": "all"}),
        "get pushes in this browser": lambda: session_api.at("/push-subscriptions")("POST", body=browser),
        "see an email's unsubscribe status": lambda: session_api.at("/unsubscribe")(
            "GET", query={"token": unsubscribe_token("admin", new_admin()[0], uuid.UUID(chat_a))}
        ),
        "join A with its link": lambda: session_api.at("/join")(
            "POST", body={"chat_id": chat_a, "token": chats.capabilities[chat_a]}
        ),
    }
    return requests[route]().status


def _file_sent_to(chat_id: str, message_api: Any) -> str:
    """A file an admin sent to the chat (uploaded straight to S3, then attached)."""
    ticket = message_api.at("/uploads")(
        "POST", body={"chat_id": chat_id, "file_name": "a.txt", "content_type": "text/plain", "size": 5}
    ).body
    requests.post(ticket["url"], data=ticket["fields"], files={"file": ("a.txt", b"hello")}, timeout=10)
    message_api("POST", body={"chat_id": chat_id, "attachments": [ticket["upload_id"]]})
    return str(ticket["upload_id"])


def _browser_subscription(local_stack: Any) -> dict[str, Any]:
    """A browser's push subscription, as the local push service makes it."""
    answer = requests.post(
        f"{local_stack.supabase_url}/local/push/subscriptions",
        json={"applicationServerKey": vapid_public_key(local_stack.vapid_key)},
        timeout=10,
    )
    subscription: dict[str, Any] = answer.json()
    return subscription


def _deactivated_admin(session_api: Any, new_admin: Any) -> str:
    """The token of an admin an owner has just deactivated (issued while it was active)."""
    user_id, token = new_admin()
    assert session_api.at("/team")("PATCH", body={"user_id": user_id, "active": False}).status == 200
    return str(token)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("caller", list(EXPECTED))
def test_caller_gets_the_expected_status(
    caller,
    route,
    chats,
    session_api,
    message_api,
    admin_token,
    second_admin_token,
    non_admin_token,
    new_admin,
    local_stack,
):
    # Given two chats and the caller's credential
    chat_a, chat_b = chats.create(name="Chat A")["id"], chats.create(name="Chat B")["id"]
    credentials = {
        "no credential": lambda: None,
        "publishable key": lambda: local_stack.keys.publishable,
        "customer A": lambda: chats.customer_token(chat_a),
        "customer B": lambda: chats.customer_token(chat_b),
        "owner": lambda: admin_token,
        "agent": lambda: second_admin_token,
        "deactivated admin": lambda: _deactivated_admin(session_api, new_admin),
        "signed-in non-admin": lambda: non_admin_token,
    }
    token = credentials[caller]()
    file_in_a = _file_sent_to(chat_a, message_api) if route == "link to A's file" else None
    browser = _browser_subscription(local_stack) if route == "get pushes in this browser" else None

    # When the caller calls the route
    status = _call(route, session_api.as_(token), message_api.as_(token), chats, chat_a, new_admin, file_in_a, browser)

    # Then the status is the one the access table promises
    assert status == EXPECTED[caller][ROUTES.index(route)]
