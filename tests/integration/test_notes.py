"""Private notes: admins write them in a chat for each other; no customer gets one, through
the API, through RLS as its own role, or through Realtime with its token."""

from __future__ import annotations

import uuid

import pytest

from tests.support.database import as_role


def _note(message_api, chat_id, body):
    return message_api.at("/notes")("POST", body={"chat_id": chat_id, "body": body})


def test_an_admins_note_is_kept_with_the_chat_and_shown_to_every_admin(message_api, chat, second_admin_token):
    # When an admin writes a note
    written = _note(message_api, chat["id"], "VIP: refund without asking")

    # Then it is stored under its author's name, and a colleague reads it in the chat
    assert written.status == 201 and written.body["author_name"] == "Test Admin"
    listed = message_api.as_(second_admin_token).at("/notes")("GET", query={"chatId": chat["id"]}).body["notes"]
    assert [n["body"] for n in listed] == ["VIP: refund without asking"]


def test_the_customer_gets_no_note_and_sees_none_in_its_messages(message_api, chats, chat):
    _note(message_api, chat["id"], "internal only")
    chats.send(chat["id"], "hello")
    customer = message_api.as_(chats.customer_token(chat["id"]))

    assert customer.at("/notes")("GET", query={"chatId": chat["id"]}).status == 403
    assert customer.at("/notes")("POST", body={"chat_id": chat["id"], "body": "mine"}).status == 403
    assert [m["content"] for m in customer("GET", query={"chatId": chat["id"]}).body["messages"]] == ["hello"]


def test_a_note_is_not_unread_for_anyone_and_moves_no_message_count(session_api, message_api, chat):
    _note(message_api, chat["id"], "just a note")

    session = session_api("GET", query={"id": chat["id"]}).body["session"]

    assert (session["message_count"], session["unread"]) == (0, 0)


def test_rls_hides_notes_from_the_customers_role(db, message_api, chat):
    _note(message_api, chat["id"], "not for you")
    claims = {"role": "authenticated", "sub": str(uuid.uuid4()), "chat_id": chat["id"], "iss": "customer-chat"}

    with as_role(db, "authenticated", claims) as conn:
        visible = conn.execute("select id from public.chat_notes").fetchall()

    assert visible == []


def test_realtime_never_delivers_a_note_to_the_customer(supabase_js, message_api, chats, chat, admin_token):
    # Given the customer and an admin subscribed to notes on the chat's channel
    customer = supabase_js(chats.customer_token(chat["id"]))
    admin = supabase_js(admin_token)
    for client in (customer, admin):
        client.subscribed(
            f"chat:{chat['id']}", changes=[{"event": "INSERT", "schema": "public", "table": "chat_notes"}]
        )

    # When an admin writes a note
    _note(message_api, chat["id"], "for the team")

    # Then the admin receives it (the subscription has no filter: an earlier test's note, read
    # by Realtime's next poll, may come first) and the customer nothing
    assert admin.wait_for(lambda e: e["kind"] == "postgres_changes" and e["payload"]["new"]["body"] == "for the team")
    assert [e for e in customer.drain(1.0) if e["kind"] == "postgres_changes"] == []


@pytest.mark.parametrize("body", [{"chat_id": "x", "body": "a"}, {"body": "a"}, {"chat_id": None, "body": "  "}])
def test_a_malformed_note_is_a_422(message_api, body):
    assert message_api.at("/notes")("POST", body=body).status == 422


def test_a_note_in_an_unknown_chat_is_a_404(message_api, local_stack):
    assert _note(message_api, str(uuid.uuid4()), "lost").status == 404
