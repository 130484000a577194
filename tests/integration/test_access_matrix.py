"""Who may call what: every caller against every route, through the real handlers.

A is a chat, B another; "customer A" holds the token A's link gives, and so on.
"""

from __future__ import annotations

from typing import Any

import pytest

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
    "join A with its link",
]

# caller -> the status of each route, in ROUTES' order
EXPECTED: dict[str, list[int]] = {
    "no credential": [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200],
    "publishable key": [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200],
    "customer A": [403, 200, 403, 403, 403, 403, 403, 200, 201, 403, 200, 200, 403, 403, 403, 403, 403, 200],
    "customer B": [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "admin": [200, 200, 201, 200, 200, 200, 200, 200, 201, 201, 200, 403, 200, 200, 200, 200, 200, 200],
    "signed-in non-admin": [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200],
}


def _call(route: str, session_api: Any, message_api: Any, chats: Any, chat_a: str) -> int:
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
        "join A with its link": lambda: session_api.at("/join")(
            "POST", body={"chat_id": chat_a, "token": chats.capabilities[chat_a]}
        ),
    }
    return requests[route]().status


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("caller", list(EXPECTED))
def test_caller_gets_the_expected_status(
    caller, route, chats, session_api, message_api, admin_token, non_admin_token, local_stack
):
    # Given two chats and the caller's credential
    chat_a, chat_b = chats.create(name="Chat A")["id"], chats.create(name="Chat B")["id"]
    token = {
        "no credential": None,
        "publishable key": local_stack.keys.publishable,
        "customer A": chats.customer_token(chat_a),
        "customer B": chats.customer_token(chat_b),
        "admin": admin_token,
        "signed-in non-admin": non_admin_token,
    }[caller]

    # When the caller calls the route
    status = _call(route, session_api.as_(token), message_api.as_(token), chats, chat_a)

    # Then the status is the one the access table promises
    assert status == EXPECTED[caller][ROUTES.index(route)]
