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


def test_a_notifier_pass_that_pushes_and_emails_logs_no_secret(debug_logging, capfd, chats, db, local_stack):
    import requests
    from chat_core.config import get_settings
    from chat_core.notifier import email_for, push_sender, run_pass

    from tools.keys import vapid_public_key

    # Given a customer whose browser subscribed to pushes, and one who is emailed, both due now
    db.execute("update chat_private.notifications set state = 'skipped' where state in ('pending', 'sending')")
    db.execute("update chat_private.notification_settings set delay_seconds = 0")
    try:
        pushed, emailed = chats.create(email=None), chats.create(email="quiet@example.com")
        browser = requests.post(
            f"{local_stack.supabase_url}/local/push/subscriptions",
            json={"applicationServerKey": vapid_public_key(local_stack.vapid_key)},
            timeout=10,
        ).json()
        customer_api = requests.Session()
        customer_api.headers["Authorization"] = f"Bearer {chats.customer_token(pushed['id'])}"
        saved = customer_api.post(f"{local_stack.api_url}/chat-session/push-subscriptions", json=browser, timeout=10)
        assert saved.status_code == 201
        for chat in (pushed, emailed):
            chats.send(chat["id"], "A reply", sender="admin")

        # When the notifier passes
        emails: list = []
        result = run_pass("test", emails.append, push=push_sender(get_settings()))
        unsubscribe = email_for(next(n for n in emails if n["chat_id"] == emailed["id"]))["headers"]["List-Unsubscribe"]
    finally:
        db.execute("update chat_private.notification_settings set delay_seconds = 180")
        db.execute("delete from chat_private.push_subscriptions")

    # Then it pushed and emailed, and no key, browser secret or unsubscribe token was logged
    out, err = capfd.readouterr()
    logged = out + err + debug_logging.text
    assert result.pushed >= 1 and emails
    secrets = {
        "VAPID private key": local_stack.vapid_key,
        "browser's auth secret": browser["keys"]["auth"],
        "unsubscribe token": unsubscribe.split("token=")[1].rstrip(">"),
    }
    assert [name for name, value in secrets.items() if value in logged] == []
