"""A per-chat send rate limit, kept by the database so it holds across Lambda containers."""

from __future__ import annotations

import uuid


def test_sending_past_the_limit_is_a_429_with_retry_after(send, chat, send_rate_limit, stored_messages):
    # Given a limit of 3 messages per minute in one chat, all used
    send_rate_limit(3, 60)
    for n in range(3):
        assert send(chat["id"], f"message {n}").status == 201

    # When a fourth is sent
    response = send(chat["id"], "one too many")

    # Then it is refused with the seconds to wait, and nothing is stored
    assert response.status == 429 and response.error_code == "rate_limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert len(stored_messages(chat["id"])) == 3


def test_the_limit_is_per_chat(send, create_chat, send_rate_limit):
    send_rate_limit(2, 60)
    busy, quiet = create_chat()["id"], create_chat()["id"]
    send(busy, "one")
    send(busy, "two")

    assert send(quiet, "hello").status == 201


def test_a_retry_of_a_message_already_sent_is_not_rate_limited(send, chat, send_rate_limit):
    send_rate_limit(1, 60)
    client_msg_id = str(uuid.uuid4())
    send(chat["id"], "only one", client_msg_id=client_msg_id)

    retry = send(chat["id"], "only one", client_msg_id=client_msg_id)

    assert retry.status == 200
