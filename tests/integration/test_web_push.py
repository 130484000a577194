"""Web push (issue 15, item 4): browsers' subscriptions through the API, and the notifier's
pushes, encrypted and signed as the standards say, taken by the local push service, which
decrypts each with the subscription's own private key (local/push.py)."""

from __future__ import annotations

import pytest
import requests
from chat_core.config import get_settings
from chat_core.notifier import email_for, push_sender, run_pass

from tests.support.database import drop_cached_settings
from tools.keys import vapid_public_key


@pytest.fixture
def push_service(local_stack, db):
    """The local push service: subscribe(app key) -> a browser's subscription JSON; received()
    -> what reached each endpoint, decrypted. Notifications are due at once, none left open;
    no browser stays subscribed after."""
    db.execute("update chat_private.notifications set state = 'skipped' where state in ('pending', 'sending')")
    db.execute("update chat_private.notification_settings set delay_seconds = 0")
    base = f"{local_stack.supabase_url}/local/push"

    class PushService:
        application_server_key = vapid_public_key(local_stack.vapid_key)

        def subscribe(self, key: str | None = None) -> dict:
            answer = requests.post(
                f"{base}/subscriptions", json={"applicationServerKey": key or self.application_server_key}, timeout=10
            )
            return answer.json()

        def unsubscribe(self, subscription: dict) -> None:
            requests.delete(f"{base}/subscriptions", json={"endpoint": subscription["endpoint"]}, timeout=10)

        def received(self, subscription: dict) -> list[dict]:
            messages = requests.get(f"{base}/messages", timeout=10).json()["messages"]
            return [m for m in messages if m["endpoint"] == subscription["endpoint"]]

    yield PushService()
    db.execute("update chat_private.notification_settings set delay_seconds = 180")
    db.execute("delete from chat_private.push_subscriptions")  # other tests count emails


@pytest.fixture
def admin_with_browser(push_service, chats, session_api, new_admin):
    """admin_with_browser(name, key=None) -> (admin id, its token, its browser's subscription as
    saved, a chat assigned to it): an admin whose browser subscribed (to `key`, by default the
    notifier's VAPID key)."""

    def _make(name: str, key: str | None = None):
        admin_id, admin_token = new_admin(name=name)
        browser = push_service.subscribe(key)
        saved = session_api.as_(admin_token).at("/push-subscriptions")("POST", body=browser)
        assert saved.status == 201
        chat = chats.create(name="Grace")["id"]
        session_api.at("/assign")("POST", body={"chat_id": chat, "assignee_id": admin_id})
        return admin_id, admin_token, browser, chat

    return _make


def _pass(emails: list):
    return run_pass("test", emails.append, push=push_sender(get_settings()))


def test_an_admins_browser_gets_the_push_and_no_email(push_service, chats, admin_with_browser):
    # Given an admin whose browser subscribed, and a chat assigned to it
    admin_id, _, browser, chat = admin_with_browser("Pushed")

    # When the customer writes and the notifier passes
    chats.send(chat, "Is my order late?")
    emails: list = []
    result = _pass(emails)

    # Then the browser's push service took one push, which decrypts to the digest's newest message
    [push] = push_service.received(browser)
    assert push["payload"] == {
        "title": "New message from Grace",
        "body": "Grace: Is my order late?",
        "url": f"{get_settings().public_admin_url}?chat={chat}",
        "tag": f"chat-{chat}",
    }
    assert push["ttl"] == 86400 and push["urgency"] == "high"
    # and, pushed instead of emailed, no email went to it
    assert result.pushed == 1
    assert [n for n in emails if n["recipient_id"] == admin_id] == []


def test_a_subscription_its_push_service_calls_gone_is_removed_and_the_email_goes_instead(
    push_service, chats, admin_with_browser, db
):
    # Given an admin whose browser subscribed, then dropped the subscription
    admin_id, _, browser, chat = admin_with_browser("Gone")
    push_service.unsubscribe(browser)

    # When a customer message is due
    chats.send(chat, "Hello?")
    emails: list = []
    _pass(emails)

    # Then the subscription is forgotten (410), and the admin is emailed instead
    left = db.execute(
        "select count(*) from chat_private.push_subscriptions where endpoint = %s", (browser["endpoint"],)
    )
    assert left.fetchone()["count"] == 0
    assert [n["chat_id"] for n in emails if n["recipient_id"] == admin_id] == [chat]


def test_with_push_mode_before_the_email_follows_a_push_left_unread(
    push_service, chats, admin_with_browser, db, monkeypatch
):
    # Given the notifier set to push first, and an admin's browser subscribed
    monkeypatch.setenv("PUSH_MODE", "before")
    drop_cached_settings()
    admin_id, _, browser, chat = admin_with_browser("Both")
    chats.send(chat, "Anyone?")

    # When the notifier passes: a push first; the email waits
    first: list = []
    _pass(first)
    waiting = db.execute(
        "select state, stage, due_at > now() + interval '5 minutes' as later from chat_private.notifications"
        " where chat_id = %s",
        (chat,),
    ).fetchone()

    # Then once its email is due and the chat still unread, the email goes (and no second push)
    db.execute("update chat_private.notifications set due_at = now() where chat_id = %s", (chat,))
    second: list = []
    _pass(second)
    monkeypatch.delenv("PUSH_MODE")
    drop_cached_settings()

    assert (len(push_service.received(browser)), dict(waiting)) == (
        1,
        {"state": "pending", "stage": "email", "later": True},
    )
    assert [n["chat_id"] for n in first if n["recipient_id"] == admin_id] == []
    assert [n["chat_id"] for n in second if n["recipient_id"] == admin_id] == [chat]


def test_a_customer_without_an_email_is_reached_by_push_on_its_chat(push_service, chats, session_api, db):
    # Given a chat without an email whose customer allowed pushes on the chat page
    chat = chats.create(name="Lin", email=None)["id"]
    browser = push_service.subscribe()
    saved = session_api.as_(chats.customer_token(chat)).at("/push-subscriptions")("POST", body=browser)

    # When support replies and the notifier passes
    chats.send(chat, "We found it", sender="admin")
    emails: list = []
    _pass(emails)

    # Then the customer's browser got the reply, opening its chat's page (no link's secret in it)
    [push] = push_service.received(browser)
    assert saved.status == 201
    assert push["payload"]["title"] == "You have a reply from support"
    assert push["payload"]["body"] == "Test Admin: We found it"
    assert push["payload"]["url"] == f"{get_settings().public_chat_url}?chatId={chat}"
    assert [n for n in emails if n["chat_id"] == chat] == []


def test_an_endpoint_outside_the_push_services_is_refused(chats, session_api, push_service):
    browser = push_service.subscribe()

    answer = session_api.at("/push-subscriptions")(
        "POST", body={**browser, "endpoint": "https://attacker.example/collect"}
    )

    assert (answer.status, answer.body["error"]["code"]) == (422, "validation_failed")
    assert "push service" in answer.body["error"]["message"]


def test_a_browser_that_turns_pushes_off_gets_none(push_service, chats, session_api, admin_with_browser):
    admin_id, admin_token, browser, chat = admin_with_browser("Off")

    deleted = session_api.as_(admin_token).at("/push-subscriptions")("DELETE", query={"endpoint": browser["endpoint"]})
    chats.send(chat, "Hi")
    emails: list = []
    _pass(emails)

    assert deleted.body == {"deleted": True}
    assert push_service.received(browser) == []
    assert [n["chat_id"] for n in emails if n["recipient_id"] == admin_id] == [chat]


def test_the_push_service_refuses_a_push_signed_with_another_vapid_key(push_service, chats, admin_with_browser):
    # Given a browser that subscribed with another application server key than the notifier's
    from tools.keys import generate_vapid_key

    admin_id, _, browser, chat = admin_with_browser("Other key", key=vapid_public_key(generate_vapid_key()))

    # When the notifier pushes to it
    chats.send(chat, "Hi")
    emails: list = []
    _pass(emails)

    # Then the push service refused it (401, as autopush does), and the email went instead
    assert push_service.received(browser) == []
    assert [n["chat_id"] for n in emails if n["recipient_id"] == admin_id] == [chat]
    assert email_for(next(n for n in emails if n["recipient_id"] == admin_id))["subject"].startswith("New message")


def test_an_endpoint_the_http_client_reads_differently_is_refused(chats, session_api, push_service):
    # Given a browser's real subscription, its endpoint bent so urllib3 would connect elsewhere
    browser = push_service.subscribe()
    host_and_port = browser["endpoint"].split("/")[2]
    bent = browser["endpoint"].replace(host_and_port, f"127.0.0.2\\.{host_and_port}", 1)

    # When it is saved
    answer = session_api.at("/push-subscriptions")("POST", body={**browser, "endpoint": bent})

    # Then it is refused, as every other way around PUSH_SERVICES is (tests/unit/test_push_endpoints.py)
    assert (answer.status, answer.body["error"]["code"]) == (422, "validation_failed")


def test_no_push_goes_to_a_host_that_resolves_to_a_private_address(push_service, chats, admin_with_browser):
    # Given an admin's browser subscribed at the local push service, on loopback
    admin_id, _, browser, chat = admin_with_browser("Loopback")

    # When the notifier runs as in AWS, where private addresses are never pushed to
    chats.send(chat, "Hello")
    emails: list = []
    run_pass(
        "test", emails.append, push=push_sender(get_settings().model_copy(update={"push_private_addresses": False}))
    )

    # Then nothing reached the push service, and the email went instead
    assert push_service.received(browser) == []
    assert [n["chat_id"] for n in emails if n["recipient_id"] == admin_id] == [chat]


@pytest.fixture
def redirecting_push_service():
    """A push service on loopback that answers every push with 307 to `target` (set by the test)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Redirector(BaseHTTPRequestHandler):
        target = ""
        posts = 0

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            Redirector.posts += 1
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(307)
            self.send_header("Location", Redirector.target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirector)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield Redirector, f"http://localhost:{server.server_port}/push/"
    server.shutdown()


def test_a_push_services_redirect_is_not_followed(
    push_service, chats, admin_with_browser, db, redirecting_push_service
):
    # Given an admin's subscription at a push service that redirects to the real (local) one
    redirector, prefix = redirecting_push_service
    admin_id, _, browser, chat = admin_with_browser("Redirected")
    redirector.target = browser["endpoint"]
    db.execute(
        "update chat_private.push_subscriptions set endpoint = %s where endpoint = %s",
        (prefix + "abc", browser["endpoint"]),
    )

    # When the notifier pushes
    chats.send(chat, "Hello")
    emails: list = []
    settings = get_settings().model_copy(update={"push_services": (prefix,)})
    run_pass("test", emails.append, push=push_sender(settings))

    # Then the redirect was answered but not followed: the real service got nothing; email instead
    assert redirector.posts == 1
    assert push_service.received(browser) == []
    assert [n["chat_id"] for n in emails if n["recipient_id"] == admin_id] == [chat]
