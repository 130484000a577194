"""chat-session through handler -> supabase-py -> gateway -> Postgres."""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from typing import Any

import pytest


def test_create_returns_session_and_customer_link(session_api, db):
    # Given a customer's name and email
    body = {"customer_name": "Grace Hopper", "customer_email": "grace@example.com"}

    # When the admin creates a chat
    response = session_api("POST", body=body)

    # Then the session is open, stored, and its link is PUBLIC_CHAT_URL?chatId=<id>#token=<capability>
    assert response.status == 201
    session = response.body["session"]
    assert session["status"] == "open" and session["message_count"] == 0
    link = re.escape(f"{os.environ['PUBLIC_CHAT_URL']}?chatId={session['id']}#token=")
    assert re.fullmatch(link + "[A-Za-z0-9_-]{43}", response.body["link"])
    row = db.execute("select * from chat_sessions where id = %s", (session["id"],)).fetchone()
    assert (row["customer_name"], row["customer_email"], row["status"]) == ("Grace Hopper", "grace@example.com", "open")


def test_the_link_capability_is_stored_only_as_its_hash(session_api, db):
    response = session_api("POST", body={"customer_name": "Hash Check"})
    capability = response.body["link"].split("#token=")[1]

    stored = db.execute(
        "select token_hash from chat_private.chat_links where chat_id = %s", (response.body["session"]["id"],)
    ).fetchone()["token_hash"]

    assert bytes(stored) == hashlib.sha256(capability.encode()).digest()
    assert capability.encode() not in bytes(stored)


def test_create_with_only_an_email_is_accepted(session_api):
    response = session_api("POST", body={"customer_email": "only@example.com"})

    assert response.status == 201
    assert response.body["session"]["customer_name"] is None


def test_create_without_name_or_email_is_rejected(session_api, db):
    before = db.execute("select count(*) as n from chat_sessions").fetchone()["n"]

    response = session_api("POST", body={})

    assert response.status == 400 and response.error_code == "customer_required"
    assert db.execute("select count(*) as n from chat_sessions").fetchone()["n"] == before


def test_create_with_invalid_email_is_rejected(session_api):
    response = session_api("POST", body={"customer_name": "X", "customer_email": "not-an-email"})

    assert response.status == 422
    assert "customer_email" in response.body["error"]["message"]


def test_create_with_unknown_field_is_rejected(session_api):
    response = session_api("POST", body={"customer_name": "X", "customer_mail": "typo@example.com"})

    assert response.status == 422
    assert "customer_mail" in response.body["error"]["message"]


def test_malformed_json_body_is_a_400(session_api):
    response = session_api("POST", raw_body='{"customer_name": ')

    assert response.status == 400 and response.error_code == "malformed_json"


def test_oversized_body_is_a_413_and_nothing_is_stored(session_api, db):
    before = db.execute("select count(*) as n from chat_sessions").fetchone()["n"]

    response = session_api("POST", body={"customer_name": "X", "metadata": {"blob": "x" * 70_000}})  # over 64 KiB

    assert response.status == 413 and response.error_code == "payload_too_large"
    assert db.execute("select count(*) as n from chat_sessions").fetchone()["n"] == before


def test_get_one_session_by_id(session_api, chat):
    response = session_api("GET", query={"id": chat["id"]})

    assert response.status == 200
    assert response.body["session"]["id"] == chat["id"]


def test_get_unknown_session_is_a_404(session_api, local_stack):
    response = session_api("GET", query={"id": str(uuid.uuid4())})

    assert response.status == 404 and response.error_code == "not_found"


def test_get_with_malformed_id_is_a_422_not_a_500(session_api):
    response = session_api("GET", query={"id": "not-a-uuid"})

    assert response.status == 422
    assert "id" in response.body["error"]["message"]


def test_list_puts_newest_activity_first(session_api, create_chat, send):
    # Given three chats, the oldest of which then gets a message
    first, second, third = (create_chat(name=f"Order {n}") for n in range(3))
    send(first["id"], "hello again")

    # When the admin lists sessions
    listed = [s["id"] for s in session_api("GET", query={"limit": 200}).body["sessions"]]

    # Then the chat with the newest activity comes first, then by creation
    ours = [i for i in listed if i in {first["id"], second["id"], third["id"]}]
    assert ours == [first["id"], third["id"], second["id"]]


def test_list_rows_carry_preview_and_message_count(session_api, chat, send):
    send(chat["id"], "first")
    send(chat["id"], "the latest words", sender="admin")

    listed = session_api("GET", query={"id": chat["id"]}).body["session"]

    assert listed["message_count"] == 2
    assert listed["last_message_preview"] == "the latest words"


def test_list_filters_by_status(session_api, create_chat):
    open_chat, closed_chat = create_chat(), create_chat()
    session_api("DELETE", query={"id": closed_chat["id"]})

    closed_ids = {s["id"] for s in session_api("GET", query={"status": "closed", "limit": 200}).body["sessions"]}
    open_ids = {s["id"] for s in session_api("GET", query={"status": "open", "limit": 200}).body["sessions"]}

    assert closed_chat["id"] in closed_ids and closed_chat["id"] not in open_ids
    assert open_chat["id"] in open_ids and open_chat["id"] not in closed_ids


def test_keyset_pages_cover_every_session_once_in_order(session_api, create_chat):
    # Given more sessions than one page holds
    created = {create_chat(name=f"Paged {n}")["id"] for n in range(7)}

    # When the admin walks every page of 3
    seen, activity, cursor = [], [], None
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = session_api("GET", query=query).body
        seen += [s["id"] for s in page["sessions"]]
        activity += [(s["last_activity_at"], s["id"]) for s in page["sessions"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    # Then every session appears exactly once, newest activity first
    assert created <= set(seen) and len(seen) == len(set(seen))
    assert activity == sorted(activity, reverse=True)


def test_list_with_a_forged_cursor_is_a_400(session_api, local_stack):
    response = session_api("GET", query={"cursor": "bm90LWEtY3Vyc29y"})

    assert response.status == 400 and "cursor" in response.body["error"]["message"]


def test_list_with_a_limit_over_the_maximum_is_a_422(session_api, local_stack):
    response = session_api("GET", query={"limit": 201})

    assert response.status == 422


def test_list_with_an_unknown_status_is_a_422(session_api, local_stack):
    response = session_api("GET", query={"status": "archived"})

    assert response.status == 422


def test_close_marks_closed_and_keeps_messages(session_api, chat, send, stored_messages):
    send(chat["id"], "before closing")

    response = session_api("DELETE", query={"id": chat["id"]})

    assert response.status == 200
    assert response.body["session"]["status"] == "closed"
    assert response.body["session"]["closed_at"] is not None
    assert [m["content"] for m in stored_messages(chat["id"])] == ["before closing"]


def test_closing_twice_changes_nothing(session_api, chat):
    first = session_api("DELETE", query={"id": chat["id"]}).body["session"]

    second = session_api("DELETE", query={"id": chat["id"]})

    assert second.status == 200
    assert second.body["session"]["closed_at"] == first["closed_at"]


def test_close_unknown_session_is_a_404(session_api, local_stack):
    response = session_api("DELETE", query={"id": str(uuid.uuid4())})

    assert response.status == 404


def test_close_without_id_is_a_422(session_api, local_stack):
    response = session_api("DELETE")

    assert response.status == 422


def test_a_reopened_chat_takes_the_customers_messages_again(session_api, chat, send):
    # Given a closed chat, where the customer cannot write
    session_api("DELETE", query={"id": chat["id"]})
    assert send(chat["id"], "still there?").status == 409

    # When an admin reopens it
    response = session_api.at("/reopen")("POST", body={"chat_id": chat["id"]})

    # Then it is open, and the customer's message goes through
    assert response.status == 200
    assert (response.body["session"]["status"], response.body["session"]["closed_at"]) == ("open", None)
    assert send(chat["id"], "still there?").status == 201


def test_reopening_an_open_chat_changes_nothing(session_api, chat):
    response = session_api.at("/reopen")("POST", body={"chat_id": chat["id"]})

    assert response.status == 200 and response.body["session"]["updated_at"] == chat["updated_at"]


def test_reopening_an_unknown_chat_is_a_404(session_api, local_stack):
    response = session_api.at("/reopen")("POST", body={"chat_id": str(uuid.uuid4())})

    assert response.status == 404


def test_an_admin_is_shown_the_same_link_again_and_it_still_works(session_api, chats):
    # Given a new chat and the link it was created with
    created = session_api("POST", body={"customer_name": "Shown Again"}).body
    chat_id = created["session"]["id"]

    # When an admin asks for the link again
    shown = session_api.at("/link")("GET", query={"id": chat_id})

    # Then it is the same link, nothing was revoked, and the customer can still join with it
    assert shown.status == 200
    assert (shown.body["link"], shown.body["link_expires_at"]) == (created["link"], created["link_expires_at"])
    assert chats.join(chat_id, created["link"].split("#token=", 1)[1]).status == 200


def test_after_a_new_link_the_shown_link_is_the_new_one(session_api, chat):
    rotated = session_api.at("/rotate-link")("POST", body={"chat_id": chat["id"]}).body

    shown = session_api.at("/link")("GET", query={"id": chat["id"]})

    assert shown.body["link"] == rotated["link"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("token_hash = sha256('a link from before'::bytea)", "link_not_shown"),
        ("expires_at = now() - interval '1 second'", "link_expired"),
    ],
)
def test_a_link_that_cannot_be_shown_again_says_to_make_a_new_one(session_api, chat, db, change, code):
    # Given a link made before links could be shown again (or under another key), or expired
    db.execute(f"update chat_private.chat_links set {change} where chat_id = %s", (chat["id"],))  # noqa: S608 -- the test's own constants

    response = session_api.at("/link")("GET", query={"id": chat["id"]})

    assert (response.status, response.error_code) == (409, code)
    assert "make a new link" in response.body["error"]["message"]


def test_showing_the_link_of_an_unknown_chat_is_a_404(session_api, local_stack):
    assert session_api.at("/link")("GET", query={"id": str(uuid.uuid4())}).status == 404


def test_unknown_method_gets_a_json_404(session_api, local_stack):
    response = session_api("PUT", body={})

    assert response.status == 404 and response.error_code == "no_route"


def test_every_response_carries_the_request_id(session_api, chat):
    response = session_api("GET", query={"id": chat["id"]})

    assert uuid.UUID(response.headers["X-Request-Id"])


def test_an_admin_learns_its_own_display_name_and_role(session_api, admin_session, db):
    # When the signed-in admin asks who it is
    response = session_api.at("/me")("GET")

    # Then it gets its id, the name customers will see, and its role in the team
    assert response.status == 200
    assert response.body == {
        "user_id": admin_session["user"]["id"],
        "display_name": "Test Admin",
        "role": "owner",
        "email_notifications": "all",
        "realtime_epoch": db.execute("select epoch from public.chat_realtime_epoch").fetchone()["epoch"],
    }


def test_a_customer_token_is_not_renewed_once_its_link_was_replaced(session_api, chats, chat):
    # Given a customer's token, and the admin then replaces the chat's link
    token = chats.customer_token(chat["id"])
    session_api.at("/rotate-link")("POST", body={"chat_id": chat["id"]})

    # When the page renews its token
    renewed = session_api.as_(token).at("/token")("POST")

    # Then it is refused: the replaced link's page ends, as joining with it would
    assert (renewed.status, renewed.error_code) == (401, "unauthorized")


def test_a_token_minted_without_its_link_is_not_renewed(session_api, chat, local_stack):
    # Given a customer token from before tokens named their link
    from tests.support.tokens import customer_claims, signed_token

    old = signed_token(local_stack.signing_jwk, customer_claims(chat["id"]))

    # When it is renewed, Then the page is told to join again
    assert session_api.as_(old).at("/token")("POST").status == 401


def test_an_admin_token_is_not_renewed_as_a_customers(session_api):
    assert session_api.at("/token")("POST").status == 403


def test_the_routes_that_take_a_chat_in_their_query_take_it_as_chat_id(session_api, chats):
    # Given a chat
    chat = chats.create(name="Named chatId")

    # When an admin gets it, shows its link and closes it, naming it chatId as every route does
    got = session_api("GET", query={"chatId": chat["id"]})
    link = session_api.at("/link")("GET", query={"chatId": chat["id"]})
    closed = session_api("DELETE", query={"chatId": chat["id"]})

    # Then each is that chat
    assert got.body["session"]["id"] == link.body["session"]["id"] == chat["id"]
    assert (closed.status, closed.body["session"]["status"]) == (200, "closed")


def test_naming_two_different_chats_or_none_is_a_422(session_api, chats):
    first, second = chats.create(), chats.create()

    both = session_api("GET", query={"chatId": first["id"], "id": second["id"]})
    neither = session_api("DELETE")

    assert (both.status, both.error_code) == (422, "validation_failed")
    assert (neither.status, neither.error_code) == (422, "validation_failed")
    assert session_api("GET", query={"chatId": first["id"]}).body["session"]["status"] == "open"


def _waiting(session_api: Any, **query: Any) -> tuple[list[str], int]:
    """Every chat the waiting list walks, page by page, and the count it gave."""
    ids, cursor, count = [], None, -1
    while True:
        page = session_api("GET", query={"waiting": "true", **query, **({"cursor": cursor} if cursor else {})}).body
        ids += [session["id"] for session in page["sessions"]]
        count, cursor = page["waiting_count"], page["next_cursor"]
        if cursor is None:
            return ids, count


def test_chats_waiting_for_a_reply_come_oldest_wait_first_with_their_count(session_api, chats):
    # Given a chat the team answered, two whose customers wrote (first, then later), an empty
    # one, and a closed one whose customer had written
    answered, first, later, empty, closed = (chats.create(name=f"Waiting {n}") for n in range(5))
    chats.send(answered["id"], "hello?")
    chats.send(answered["id"], "hi, how can I help?", sender="admin")
    chats.send(first["id"], "I wrote first")
    chats.send(closed["id"], "anyone?")
    session_api("DELETE", query={"id": closed["id"]})
    chats.send(later["id"], "I wrote later")
    chats.send(first["id"], "and again")  # a second message does not reset the wait

    # When the admin walks the waiting list two at a time
    waiting, count = _waiting(session_api, limit=2)

    # Then only the two waiting chats are in it, the longer wait first, and the count is the list's
    ours = [chat_id for chat_id in waiting if chat_id in {c["id"] for c in (answered, first, later, empty, closed)}]
    assert ours == [first["id"], later["id"]]
    assert count == len(waiting) == len(set(waiting))


def test_a_reply_ends_the_wait_and_the_session_says_since_when_it_began(session_api, chats):
    # Given a customer waiting
    chat = chats.create(name="Waiting Person")
    sent = chats.send(chat["id"], "please help").body["message"]
    row = session_api("GET", query={"chatId": chat["id"]}).body["session"]
    assert row["waiting_since"] == sent["created_at"]

    # When the team replies
    chats.send(chat["id"], "on it", sender="admin")

    # Then the chat no longer waits
    assert session_api("GET", query={"chatId": chat["id"]}).body["session"]["waiting_since"] is None
    assert chat["id"] not in _waiting(session_api)[0]


def test_waiting_lists_open_chats_only(session_api):
    response = session_api("GET", query={"waiting": "true", "status": "closed"})

    assert (response.status, response.body["error"]["code"], response.body["error"]["field"]) == (
        400,
        "bad_request",
        "waiting",
    )
