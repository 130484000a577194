"""Read cursors on the server: how far each participant has read, moving only forward, the
unread counts the session list gives each admin, and the cursors delivered live under RLS."""

from __future__ import annotations

import psycopg
import pytest

from tests.support.api import listed_sessions


def _unread(session_api, chat_id):
    return listed_sessions(session_api)[chat_id]["unread"]


def _cursor(db, chat_id, reader_type):
    row = db.execute(
        "select seq from public.chat_read_cursors where chat_id = %s and reader_type = %s", (chat_id, reader_type)
    ).fetchone()
    return row and row["seq"]


def test_marking_read_moves_the_callers_cursor_forward(message_api, chats, chat):
    # Given three messages from the customer
    for n in range(3):
        chats.send(chat["id"], f"message {n}")

    # When the admin has seen the second
    response = message_api.at("/read")("POST", body={"chat_id": chat["id"], "seq": 2})

    # Then its cursor is there
    assert response.status == 200 and response.body == {"chat_id": chat["id"], "seq": 2}


def test_a_cursor_never_moves_back(message_api, chats, chat):
    for n in range(3):
        chats.send(chat["id"], f"message {n}")
    message_api.at("/read")("POST", body={"chat_id": chat["id"], "seq": 3})

    # When an older position arrives (another tab, a late request)
    response = message_api.at("/read")("POST", body={"chat_id": chat["id"], "seq": 1})

    # Then the cursor stays where it was
    assert response.status == 200 and response.body["seq"] == 3


def test_a_seq_beyond_the_last_message_is_refused_and_changes_nothing(message_api, chats, chat, db):
    chats.send(chat["id"], "only one")

    response = message_api.at("/read")("POST", body={"chat_id": chat["id"], "seq": 2})

    assert response.status == 400 and "last message" in response.body["error"]["message"]
    assert _cursor(db, chat["id"], "admin") is None


@pytest.mark.parametrize("body", [{"seq": 1}, {"chat_id": "x", "seq": 1}, {"chat_id": None, "seq": -1}])
def test_a_malformed_read_is_a_422(message_api, body):
    assert message_api.at("/read")("POST", body=body).status == 422


def test_sending_moves_the_senders_cursor_to_its_message(chats, chat, db):
    chats.send(chat["id"], "from the customer")
    chats.send(chat["id"], "from support", sender="admin")

    assert (_cursor(db, chat["id"], "customer"), _cursor(db, chat["id"], "admin")) == (1, 2)


def test_a_customer_marks_only_its_own_chat(message_api, chats, create_chat):
    mine, other = create_chat(), create_chat()
    chats.send(other["id"], "hello")
    customer = message_api.as_(chats.customer_token(mine["id"]))

    response = customer.at("/read")("POST", body={"chat_id": other["id"], "seq": 1})

    assert response.status == 403


def test_a_signed_in_non_admin_cannot_mark_read(message_api, chats, chat, non_admin_token):
    chats.send(chat["id"], "hello")

    response = message_api.as_(non_admin_token).at("/read")("POST", body={"chat_id": chat["id"], "seq": 1})

    assert response.status == 403


def test_the_session_list_counts_what_the_calling_admin_has_not_read(session_api, message_api, chats, chat):
    # Given two customer messages and the admin's own reply
    chats.send(chat["id"], "first")
    chats.send(chat["id"], "second")
    chats.send(chat["id"], "a reply", sender="admin")  # moves the admin's cursor to 3
    chats.send(chat["id"], "third")

    # Then one is unread (own replies never count); after reading it, none
    assert _unread(session_api, chat["id"]) == 1
    message_api.at("/read")("POST", body={"chat_id": chat["id"], "seq": 4})
    assert _unread(session_api, chat["id"]) == 0


def test_each_admin_has_its_own_unread_count(session_api, message_api, chats, chat, second_admin_token):
    # Given two customer messages, read by the first admin only
    chats.send(chat["id"], "first")
    chats.send(chat["id"], "second")
    message_api.at("/read")("POST", body={"chat_id": chat["id"], "seq": 2})

    # Then the first admin has none unread and the second still has both, on any device
    assert _unread(session_api, chat["id"]) == 0
    assert _unread(session_api.as_(second_admin_token), chat["id"]) == 2


def test_the_customer_sees_the_admins_cursor_live_and_no_other_chats(supabase_js, message_api, chats, create_chat):
    # Given the customers of two chats subscribed to their chats' read cursors
    mine, other = create_chat(), create_chat()
    for chat in (mine, other):
        chats.send(chat["id"], "hello")
    watching = supabase_js(chats.customer_token(mine["id"]))
    watching.subscribed(
        f"chat:{mine['id']}", changes=[{"event": "*", "schema": "public", "table": "chat_read_cursors"}]
    )

    # When the admin reads the other chat, then this one
    message_api.at("/read")("POST", body={"chat_id": other["id"], "seq": 1})
    message_api.at("/read")("POST", body={"chat_id": mine["id"], "seq": 1})

    # Then only this chat's cursor arrives: the admin has seen the message
    change = watching.wait_for(lambda e: e["kind"] == "postgres_changes")
    assert change["payload"]["new"]["chat_id"] == mine["id"]
    assert (change["payload"]["new"]["reader_type"], change["payload"]["new"]["seq"]) == ("admin", 1)
    assert [e for e in watching.drain(0.5) if e["kind"] == "postgres_changes"] == []


def test_a_page_of_messages_says_how_far_the_other_side_has_read(message_api, chats, chat, second_admin_token):
    # Given a customer message and two admins' replies, the second admin having read further
    chats.send(chat["id"], "question")  # customer's cursor: 1
    chats.send(chat["id"], "answer", sender="admin")  # first admin's cursor: 2
    message_api.as_(second_admin_token)("POST", body={"chat_id": chat["id"], "content": "and more"})  # second: 3
    customer = message_api.as_(chats.customer_token(chat["id"]))

    # Then an admin reads the customer's cursor, the customer the furthest admin's
    assert message_api("GET", query={"chatId": chat["id"]}).body["others_read_seq"] == 1
    assert customer("GET", query={"chatId": chat["id"]}).body["others_read_seq"] == 3


def test_a_first_read_is_not_held_up_by_a_message_being_sent(chat, db, local_stack, admin_session):
    # Given the admin's reply being stored in the chat, its transaction still open
    admin_id = admin_session["user"]["id"]
    with psycopg.connect(local_stack.database_url) as sending:
        sending.execute(
            "select public.chat_send_message(%s, 'admin', %s, 'a reply on its way')", (chat["id"], admin_id)
        )

        # When the customer's page marks the chat read for the first time meanwhile (its
        # cursor's foreign key checks the chat's row)
        with psycopg.connect(local_stack.database_url, autocommit=True) as reading:
            reading.execute("set lock_timeout = '2s'")
            customer = db.execute("select customer_id from chat_sessions where id = %s", (chat["id"],)).fetchone()
            marked = reading.execute(
                "select public.chat_mark_read(%s, 'customer', %s, 0)", (chat["id"], str(customer["customer_id"]))
            ).fetchone()

        # Then it is not kept waiting (which, with the send then writing the same kind of row,
        # was a deadlock: a 503 on /chat-message/read)
        assert marked[0]["seq"] == 0
        sending.rollback()
