"""chat-message through handler -> supabase-py -> gateway -> Postgres."""

from __future__ import annotations

import json
import uuid


def test_admin_and_customer_messages_get_consecutive_seq(send, chat, stored_messages):
    # When both sides send
    first = send(chat["id"], "Hi, my order is late", sender="customer")
    second = send(chat["id"], "Sorry! Checking now.", sender="admin")

    # Then each is stored with its sender and the next seq
    assert (first.status, second.status) == (201, 201)
    assert (first.body["message"]["seq"], second.body["message"]["seq"]) == (1, 2)
    rows = stored_messages(chat["id"])
    assert [(r["seq"], r["sender_type"], r["content"]) for r in rows] == [
        (1, "customer", "Hi, my order is late"),
        (2, "admin", "Sorry! Checking now."),
    ]


def test_fetch_returns_messages_in_seq_order(message_api, send, chat):
    for n in range(5):
        send(chat["id"], f"message {n}")

    response = message_api("GET", query={"chatId": chat["id"]})

    assert response.status == 200
    assert [m["seq"] for m in response.body["messages"]] == [1, 2, 3, 4, 5]
    assert response.body["has_more"] is False


def test_fetch_after_seq_returns_only_newer(message_api, send, chat):
    for n in range(5):
        send(chat["id"], f"message {n}")

    response = message_api("GET", query={"chatId": chat["id"], "after_seq": 3})

    assert [m["seq"] for m in response.body["messages"]] == [4, 5]


def test_fetch_pages_history_upward_with_before_seq(message_api, send, chat):
    for n in range(5):
        send(chat["id"], f"message {n}")

    latest = message_api("GET", query={"chatId": chat["id"], "limit": 2}).body
    older = message_api("GET", query={"chatId": chat["id"], "limit": 2, "before_seq": 4}).body

    assert ([m["seq"] for m in latest["messages"]], latest["has_more"]) == ([4, 5], True)
    assert ([m["seq"] for m in older["messages"]], older["has_more"]) == ([2, 3], True)


def test_fetch_for_unknown_chat_is_a_404(message_api, local_stack):
    response = message_api("GET", query={"chatId": str(uuid.uuid4())})

    assert response.status == 404


def test_fetch_without_chat_id_is_a_422(message_api, local_stack):
    response = message_api("GET")

    assert response.status == 422 and "chatId" in response.body["error"]["message"]


def test_send_to_unknown_chat_is_a_404_and_stores_nothing(send, db):
    missing = str(uuid.uuid4())

    response = send(missing, "anyone there?", sender="admin")

    assert response.status == 404
    assert db.execute("select count(*) as n from chat_messages where chat_id = %s", (missing,)).fetchone()["n"] == 0


def test_send_to_closed_chat_is_a_409_and_stores_nothing(session_api, send, chat, stored_messages):
    send(chat["id"], "before closing")
    session_api("DELETE", query={"id": chat["id"]})

    response = send(chat["id"], "after closing")

    assert response.status == 409 and response.error_code == "chat_closed"
    assert [m["content"] for m in stored_messages(chat["id"])] == ["before closing"]


def test_blank_content_is_rejected(send, chat, stored_messages):
    response = send(chat["id"], "   \n\t ")

    assert response.status == 422
    assert stored_messages(chat["id"]) == []


def test_content_over_the_limit_is_rejected(send, chat, stored_messages):
    response = send(chat["id"], "x" * 4001)

    assert response.status == 422 and "content" in response.body["error"]["message"]
    assert stored_messages(chat["id"]) == []


def test_unknown_sender_type_is_rejected(send, chat):
    response = send(chat["id"], "hello", sender_type="robot")

    assert response.status == 422


def test_malformed_chat_id_is_a_422(send, local_stack):
    response = send("123", "hello", sender="admin")

    assert response.status == 422 and "chat_id" in response.body["error"]["message"]


def test_unknown_body_field_is_rejected(message_api, chat):
    response = message_api("POST", body={"chat_id": chat["id"], "sender_type": "admin", "content": "x", "sender": "me"})

    assert response.status == 422


def test_retry_with_same_client_msg_id_returns_the_original(send, chat, stored_messages):
    client_msg_id = str(uuid.uuid4())
    first = send(chat["id"], "pay invoice #12", client_msg_id=client_msg_id)

    retry = send(chat["id"], "pay invoice #12", client_msg_id=client_msg_id)

    assert (first.status, retry.status) == (201, 200)
    assert retry.body["message"]["id"] == first.body["message"]["id"]
    assert len(stored_messages(chat["id"])) == 1


def test_reusing_a_client_msg_id_for_other_content_is_a_409(send, chat, stored_messages):
    client_msg_id = str(uuid.uuid4())
    send(chat["id"], "original", client_msg_id=client_msg_id)

    response = send(chat["id"], "different", client_msg_id=client_msg_id)

    assert response.status == 409 and response.error_code == "client_msg_id_reused"
    assert [m["content"] for m in stored_messages(chat["id"])] == ["original"]


def test_send_emits_a_messages_sent_metric(send, chat, capsys):
    send(chat["id"], "count me")

    emitted = capsys.readouterr().out

    assert '"MessagesSent"' in emitted and '"CustomerChatTest"' in emitted


def test_a_page_of_long_emoji_messages_fits_a_lambda_response_and_the_rest_follows(
    message_api, chat, db, send_rate_limit
):
    # Given 200 messages of 4,000 emoji each (16 KB stored, 48 KB as escaped JSON)
    send_rate_limit(1000, 1)
    db.execute(
        "select public.chat_send_message(%s, 'customer', 'c', repeat(%s, 4000), null) from generate_series(1, 200)",
        (chat["id"], "\U0001f600"),
    )

    # When a client asks for the largest page, then follows has_more
    from functions.chat_message.app import lambda_handler
    from local.lambda_runtime import invoke, v1_event

    seen, after = [], 0
    while True:
        event = v1_event(
            "GET",
            "/chat-message",
            query={"chatId": chat["id"], "after_seq": str(after), "limit": "200"},
            headers={"Authorization": f"Bearer {message_api.token}"},
        )
        result = invoke(lambda_handler, event)
        # Then every response, as the Lambda runtime sends it, is under the 6 MB limit
        assert result["statusCode"] == 200
        assert len(json.dumps(result)) < 6 * 1024 * 1024
        page = json.loads(result["body"])
        seen += [m["seq"] for m in page["messages"]]
        if not page["has_more"]:
            break
        after = seen[-1]

    # And the pages together hold every message once, in order
    assert seen == list(range(1, 201))


def test_an_admins_message_carries_its_authors_name_and_a_customers_none(chats, chat, message_api):
    # When the admin and the customer each send one
    reply = chats.send(chat["id"], "hello from support", sender="admin").body["message"]
    question = chats.send(chat["id"], "hello from me").body["message"]

    # Then the admin's carries the display name it was sent under, in the send and in the history
    assert (reply["sender_name"], question["sender_name"]) == ("Test Admin", None)
    listed = message_api("GET", query={"chatId": chat["id"]}).body["messages"]
    assert [m["sender_name"] for m in listed] == ["Test Admin", None]
