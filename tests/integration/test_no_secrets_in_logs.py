"""No secret, token or capability reaches a log line, even at DEBUG."""

from __future__ import annotations

import logging
import os

import pytest
from chat_core.observability import logger


@pytest.fixture
def debug_logging(caplog):
    previous = logger.log_level
    logger.setLevel("DEBUG")
    caplog.set_level(logging.DEBUG)
    yield caplog
    logger.setLevel(previous)


def test_a_whole_conversation_logs_no_secret(
    debug_logging, capfd, chats, session_api, message_api, admin_session, local_stack
):
    # Given a conversation: create, join, send both ways, rotate the link, a failed join, a bad token
    chat = chats.create(name="Secretive")
    first_capability = chats.capabilities[chat["id"]]
    customer_token = chats.customer_token(chat["id"])
    chats.send(chat["id"], "hello")
    chats.send(chat["id"], "hi there", sender="admin")
    message_api.as_(customer_token)("GET", query={"chatId": chat["id"]})
    rotated = session_api.at("/rotate-link")("POST", body={"chat_id": chat["id"]})
    second_capability = rotated.body["link"].split("#token=")[1]
    chats.join(chat["id"], first_capability)  # now refused
    session_api.as_(customer_token + "x")("GET")  # refused

    # When everything logged is collected
    out, err = capfd.readouterr()
    logged = out + err + debug_logging.text

    # Then none of the secrets is in it
    secrets = {
        "admin access token": admin_session["access_token"],
        "admin refresh token": admin_session["refresh_token"],
        "customer access token": customer_token,
        "first link capability": first_capability,
        "rotated link capability": second_capability,
        "server secret key": os.environ["SUPABASE_SECRET_KEY"],
        "signing key (private part)": local_stack.signing_jwk["d"],
    }
    assert "join refused" in logged, "the failed join should have been logged"
    leaked = [name for name, value in secrets.items() if value in logged]
    assert leaked == []
