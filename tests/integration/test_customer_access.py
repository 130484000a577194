"""A customer opens the link, gets a short-lived token for that chat, and talks as the customer."""

from __future__ import annotations

import time
from datetime import datetime

import jwt


def test_joining_returns_a_short_lived_es256_token_for_that_chat(chats, chat, local_stack):
    # When the customer exchanges the link's token
    joined = chats.join(chat["id"])

    # Then it gets an ES256 token (kid in the header) for this chat, valid at most 15 minutes
    assert joined.status == 200
    token = joined.body["access_token"]
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(
        token, jwt.PyJWK(local_stack.signing_jwk).key.public_key(), algorithms=["ES256"], audience="authenticated"
    )
    assert (header["alg"], header["kid"]) == ("ES256", local_stack.signing_jwk["kid"])
    assert claims["role"] == "authenticated" and claims["chat_id"] == chat["id"]
    assert 0 < claims["exp"] - time.time() <= 15 * 60
    assert datetime.fromisoformat(joined.body["expires_at"]).timestamp() == claims["exp"]
    assert joined.body["session"]["id"] == chat["id"]


def test_messages_carry_the_sender_from_the_credential(chats, chat, admin_session, stored_messages):
    chats.send(chat["id"], "from the customer")
    chats.send(chat["id"], "from the admin", sender="admin")

    rows = stored_messages(chat["id"])

    customer_sub = jwt.decode(chats.customer_token(chat["id"]), options={"verify_signature": False})["sub"]
    assert [(r["sender_type"], r["sender_id"]) for r in rows] == [
        ("customer", customer_sub),
        ("admin", admin_session["user"]["id"]),
    ]


def test_a_customer_claiming_to_be_the_admin_is_refused(chats, chat, stored_messages):
    response = chats.send(chat["id"], "I am the admin", sender_type="admin")

    assert response.status == 403
    assert stored_messages(chat["id"]) == []


def test_a_customer_can_still_join_a_closed_chat_to_read_it(chats, chat, session_api):
    chats.send(chat["id"], "thanks, bye")
    session_api("DELETE", query={"id": chat["id"]})

    joined = chats.join(chat["id"])

    assert joined.status == 200 and joined.body["session"]["status"] == "closed"
