"""Who may call what: every caller against every route, through the real handlers.

ACCESS maps each route (a request on one of template.yaml's operations) to the status every
caller gets. A is a chat, B another; "customer A" holds the token A's link gives, and so on.
An owner is an agent who also manages the team; a deactivated admin holds a token issued
before an owner deactivated it. A route template.yaml serves but ACCESS lacks fails
`test_every_route_in_the_template_is_in_the_matrix`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from chat_core.auth import unsubscribe_token

from local.api_gateway import read_routes
from tests.support.visitors import SHOP, SiteServer, somewhere
from tools.keys import vapid_public_key

CALLERS = (
    "no credential",
    "publishable key",
    "customer A",
    "customer B",
    "owner",
    "agent",
    "deactivated admin",
    "signed-in non-admin",
)


def statuses(
    *,
    anonymous: int = 401,
    customer_a: int = 403,
    customer_b: int = 403,
    owner: int = 403,
    agent: int = 403,
    outsider: int = 403,
) -> dict[str, int]:
    """Each caller's status; anyone not named is refused (401 without a credential, else 403)."""
    return dict(
        zip(CALLERS, (anonymous, anonymous, customer_a, customer_b, owner, agent, outsider, outsider), strict=True)
    )


def admins(status: int) -> dict[str, int]:
    return statuses(owner=status, agent=status)


def owners(status: int) -> dict[str, int]:
    return statuses(owner=status)


def chat_a_and_admins(status: int, customer_status: int | None = None) -> dict[str, int]:
    return statuses(customer_a=customer_status or status, owner=status, agent=status)


EVERYONE = dict.fromkeys(CALLERS, 200)


@dataclass
class Given:
    """What a call is made with: the caller's APIs, the chats, and what some routes need first."""

    session_api: Any  # as the caller
    message_api: Any  # as the caller
    admin_session_api: Any  # as the owner, to prepare
    admin_message_api: Any
    chats: Any
    chat_a: str
    new_admin: Any
    local_stack: Any
    visitors: Any  # sites made as the owner, and their visitors' calls


Build = Callable[[Given], Any]


@dataclass(frozen=True)
class Route:
    """A request on one operation: what it sends (query, body: functions of what is given)
    and the status each caller gets."""

    method: str
    path: str
    expect: dict[str, int]
    query: Build | None = None
    body: Build | None = None
    headers: dict[str, str] | None = None

    def call(self, given: Given) -> Any:
        # Each function serves the paths under its own name; each caller is someone else, somewhere else.
        sessions = self.path.startswith("/chat-session")
        api = given.session_api if sessions else given.message_api
        return api.at(self.path.removeprefix("/chat-session" if sessions else "/chat-message"))(
            self.method,
            query=self.query(given) if self.query else None,
            body=self.body(given) if self.body else None,
            headers=self.headers,
            source_ip=somewhere(),
        )


def _file_sent_to(given: Given) -> str:
    """A file an admin sent to chat A (uploaded straight to S3, then attached)."""
    ticket = given.admin_message_api.at("/uploads")(
        "POST", body={"chat_id": given.chat_a, "file_name": "a.txt", "content_type": "text/plain", "size": 5}
    ).body
    requests.post(ticket["url"], data=ticket["fields"], files={"file": ("a.txt", b"hello")}, timeout=10)
    given.admin_message_api("POST", body={"chat_id": given.chat_a, "attachments": [ticket["upload_id"]]})
    return str(ticket["upload_id"])


def _browser_subscription(given: Given) -> dict[str, Any]:
    """A browser's push subscription, as the local push service makes it."""
    answer = requests.post(
        f"{given.local_stack.supabase_url}/local/push/subscriptions",
        json={"applicationServerKey": vapid_public_key(given.local_stack.vapid_key)},
        timeout=10,
    )
    subscription: dict[str, Any] = answer.json()
    return subscription


def _saved_reply(given: Given) -> str:
    """A saved reply of the team, saved by the owner."""
    reply = given.admin_message_api.at("/replies")(
        "POST", body={"title": f"matrix {uuid.uuid4().hex[:8]}", "body": "Thanks!"}
    ).body
    return str(reply["id"])


def _unsubscribe_token(given: Given) -> str:
    return unsubscribe_token("admin", given.new_admin()[0], uuid.UUID(given.chat_a))


_sites: dict[str, dict[str, Any]] = {}
FROM_SHOP = {"Origin": SHOP}  # a visitor's page on the site


def _site(given: Given) -> dict[str, Any]:
    """The matrix's site on the shop, made once by the owner."""
    if "site" not in _sites:
        _sites["site"] = given.visitors.site()
    return _sites["site"]


def _site_with_a_key(given: Given) -> dict[str, str]:
    server = SiteServer()
    site = given.visitors.site(keys=[server])
    return {"site_id": site["id"], "kid": server.kid}


def _a_visitor(given: Given) -> dict[str, Any]:
    """A new visitor of the site, with the credential from the chat it started there."""
    started = given.visitors.start(_site(given), "matrix")
    return {"site_key": _site(given)["site_key"], "visitor_token": started.body["visitor_token"]}


def _start(given: Given) -> dict[str, Any]:
    return {"site_key": _site(given)["site_key"], "content": "hello", "client_msg_id": str(uuid.uuid4())}


# route -> {caller: status}
ACCESS: dict[str, Route] = {
    "list chats": Route("GET", "/chat-session", admins(200)),
    "get A": Route("GET", "/chat-session", chat_a_and_admins(200), query=lambda g: {"chatId": g.chat_a}),
    "create a chat": Route("POST", "/chat-session", admins(201), body=lambda g: {"customer_name": "Matrix"}),
    "close A": Route("DELETE", "/chat-session", admins(200), query=lambda g: {"chatId": g.chat_a}),
    "reopen A": Route("POST", "/chat-session/reopen", admins(200), body=lambda g: {"chat_id": g.chat_a}),
    "show A's link": Route("GET", "/chat-session/link", admins(200), query=lambda g: {"chatId": g.chat_a}),
    "rotate A's link": Route("POST", "/chat-session/rotate-link", admins(200), body=lambda g: {"chat_id": g.chat_a}),
    "join A with its link": Route(
        "POST",
        "/chat-session/join",
        EVERYONE,
        body=lambda g: {"chat_id": g.chat_a, "token": g.chats.capabilities[g.chat_a]},
    ),
    "renew a customer's token": Route("POST", "/chat-session/token", statuses(customer_a=200, customer_b=200)),
    "assign A to nobody": Route(
        "POST", "/chat-session/assign", admins(200), body=lambda g: {"chat_id": g.chat_a, "assignee_id": None}
    ),
    "note admin online": Route("POST", "/chat-session/online", admins(200), body=lambda g: {"online": False}),
    "list the admins": Route("GET", "/chat-session/admins", admins(200)),
    "list the team": Route("GET", "/chat-session/team", owners(200)),
    "invite to the team": Route(
        "POST",
        "/chat-session/team",
        owners(201),
        body=lambda g: {"email": f"matrix-{uuid.uuid4().hex[:10]}@chat.test", "display_name": "Matrix"},
    ),
    "choose the team's settings": Route(
        "PATCH", "/chat-session/team/settings", owners(200), body=lambda g: {"auto_assign": "off"}
    ),
    "change a colleague": Route(
        "PATCH",
        "/chat-session/team",
        owners(200),
        body=lambda g: {"user_id": g.new_admin()[0], "display_name": "Renamed"},
    ),
    "who am I": Route("GET", "/chat-session/me", admins(200)),
    "choose my emails": Route("PATCH", "/chat-session/me", admins(200), body=lambda g: {"email_notifications": "all"}),
    "get pushes in this browser": Route(
        "POST",
        "/chat-session/push-subscriptions",
        statuses(customer_a=201, customer_b=201, owner=201, agent=201),
        body=_browser_subscription,
    ),
    "stop pushes in this browser": Route(
        "DELETE",
        "/chat-session/push-subscriptions",
        statuses(customer_a=200, customer_b=200, owner=200, agent=200),
        query=lambda g: {"endpoint": "https://push.example/matrix"},
    ),
    "see an email's unsubscribe status": Route(
        "GET", "/chat-session/unsubscribe", EVERYONE, query=lambda g: {"token": _unsubscribe_token(g)}
    ),
    "unsubscribe from emails": Route(
        "POST",
        "/chat-session/unsubscribe",
        EVERYONE,
        query=lambda g: {"token": _unsubscribe_token(g)},
        body=lambda g: {"subscribed": False},
    ),
    "note presence in A": Route(
        "POST",
        "/chat-session/presence",
        statuses(customer_a=200),
        body=lambda g: {"chat_id": g.chat_a, "present": True},
    ),
    "export the chats of a day": Route(
        "POST",
        "/chat-session/export",
        admins(200),
        body=lambda g: {"from": "2020-01-01T00:00:00Z", "to": "2020-01-02T00:00:00Z"},
    ),
    # an address no chat has: the erasure is real, so it must touch nothing another test uses
    "export a customer's data": Route(
        "POST", "/chat-session/customer-data", owners(200), body=lambda g: {"email": "nobody@chat.test"}
    ),
    "erase a customer's data": Route(
        "POST", "/chat-session/customer-data/erase", owners(200), body=lambda g: {"email": "nobody@chat.test"}
    ),
    "read A": Route("GET", "/chat-message", chat_a_and_admins(200), query=lambda g: {"chatId": g.chat_a}),
    "send to A": Route(
        "POST", "/chat-message", chat_a_and_admins(201), body=lambda g: {"chat_id": g.chat_a, "content": "hello"}
    ),
    "send to A as admin": Route(
        "POST",
        "/chat-message",
        admins(201),
        body=lambda g: {"chat_id": g.chat_a, "content": "hi", "sender_type": "admin"},
    ),
    "mark A read": Route(
        "POST", "/chat-message/read", chat_a_and_admins(200), body=lambda g: {"chat_id": g.chat_a, "seq": 0}
    ),
    "the rules for attachments": Route(
        "GET",
        "/chat-message/uploads",
        statuses(customer_a=200, customer_b=200, owner=200, agent=200, outsider=200),
    ),
    "sign an upload to A": Route(
        "POST",
        "/chat-message/uploads",
        chat_a_and_admins(201),
        body=lambda g: {"chat_id": g.chat_a, "file_name": "a.txt", "content_type": "text/plain", "size": 5},
    ),
    "link to A's file": Route(
        "GET",
        "/chat-message/attachment",
        chat_a_and_admins(200),
        query=lambda g: {"chatId": g.chat_a, "id": _file_sent_to(g)},
    ),
    "export A's transcript": Route(
        "GET", "/chat-message/transcript", chat_a_and_admins(200), query=lambda g: {"chatId": g.chat_a, "format": "txt"}
    ),
    "read A's notes": Route("GET", "/chat-message/notes", admins(200), query=lambda g: {"chatId": g.chat_a}),
    "write a note in A": Route(
        "POST", "/chat-message/notes", admins(201), body=lambda g: {"chat_id": g.chat_a, "body": "matrix"}
    ),
    "list saved replies": Route("GET", "/chat-message/replies", admins(200)),
    "save a reply": Route(
        "POST",
        "/chat-message/replies",
        admins(200),
        body=lambda g: {"title": f"matrix {uuid.uuid4().hex[:8]}", "body": "Thanks!"},
    ),
    "delete a saved reply": Route(
        "DELETE", "/chat-message/replies", admins(200), query=lambda g: {"id": _saved_reply(g)}
    ),
    "list the sites": Route("GET", "/chat-session/sites", admins(200)),
    "add a site": Route(
        "POST", "/chat-session/sites", owners(201), body=lambda g: {"name": "Matrix", "origins": [SHOP]}
    ),
    "change a site": Route(
        "PATCH", "/chat-session/sites", owners(200), body=lambda g: {"site_id": _site(g)["id"], "colour": "#123456"}
    ),
    "add a site's key": Route(
        "POST",
        "/chat-session/sites/keys",
        owners(201),
        body=lambda g: {"site_id": g.visitors.site()["id"], "public_jwk": SiteServer().public_jwk},
    ),
    "remove a site's key": Route("DELETE", "/chat-session/sites/keys", owners(200), query=_site_with_a_key),
    # A visitor's routes: the site key, the page's origin and the visitor's own credential
    # decide; any Authorization header is nobody's business there.
    "the widget's frame": Route(
        "GET", "/chat-session/widget", EVERYONE, query=lambda g: {"site": _site(g)["site_key"]}, headers=FROM_SHOP
    ),
    "the widget's settings": Route(
        "GET", "/chat-session/site", EVERYONE, query=lambda g: {"site": _site(g)["site_key"]}, headers=FROM_SHOP
    ),
    "start a chat from a site": Route(
        "POST", "/chat-session/start", dict.fromkeys(CALLERS, 201), body=_start, headers=FROM_SHOP
    ),
    "resume a visitor's chats": Route("POST", "/chat-session/visitor", EVERYONE, body=_a_visitor, headers=FROM_SHOP),
    "forget a visitor": Route("POST", "/chat-session/visitor/forget", EVERYONE, body=_a_visitor, headers=FROM_SHOP),
}


def test_every_route_in_the_template_is_in_the_matrix():
    # Given every operation API Gateway serves (CORS preflights answer anyone, credential-free)
    served = {(route.method, route.path) for route in read_routes() if route.method != "OPTIONS"}

    # Then each has a row in the matrix, and the matrix names no route that is not served
    covered = {(route.method, route.path) for route in ACCESS.values()}
    assert served - covered == set(), "routes with no row in ACCESS"
    assert covered - served == set(), "rows for routes template.yaml does not serve"


def _deactivated_admin(session_api: Any, new_admin: Any) -> str:
    """The token of an admin an owner has just deactivated (issued while it was active)."""
    user_id, token = new_admin()
    assert session_api.at("/team")("PATCH", body={"user_id": user_id, "active": False}).status == 200
    return str(token)


@pytest.mark.parametrize("route", list(ACCESS))
@pytest.mark.parametrize("caller", CALLERS)
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
    visitors,
    team_choice,  # the owner's choice of automatic assignment is gone after its row
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
    given = Given(
        session_api.as_(token),
        message_api.as_(token),
        session_api,
        message_api,
        chats,
        chat_a,
        new_admin,
        local_stack,
        visitors,
    )

    # When the caller calls the route
    status = ACCESS[route].call(given).status

    # Then the status is the one the access table promises
    assert status == ACCESS[route].expect[caller]
