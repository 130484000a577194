"""Away from the page: email about unread replies, unsubscribing, web push."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.support.browser import (
    DESKTOP,
    PHONE,
    accessibility_violations,
    customer_link,
    eventually,
    from_menu,
    sign_in,
)


@pytest.fixture
def due_after(db):
    """due_after(seconds): notifications fall due that long after their message, with no other
    test's window left open; the migration's delay comes back after."""

    def _set(seconds: int) -> None:
        db.execute("update chat_private.notifications set state = 'skipped' where state in ('pending', 'sending')")
        db.execute("update chat_private.notification_settings set delay_seconds = %s", (seconds,))

    yield _set
    db.execute("update chat_private.notification_settings set delay_seconds = 180")


@pytest.fixture
def forget_push_subscriptions(db):
    """The browsers a test subscribed stop getting pushes after it (other tests count emails)."""
    yield
    db.execute("delete from chat_private.push_subscriptions")


def _caught(local_stack, to: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = requests.get(f"{local_stack.supabase_url}/local/mailbox", timeout=10).json()[
        "messages"
    ]
    return [m for m in messages if m["to"] == to]


# Headless Chromium's PushManager talks to Google's push service, which this machine cannot
# reach: the page subscribes at the local push service instead (as the browser would at its
# vendor's), and everything else is the page's and the service worker's own code.
LOCAL_PUSH_MANAGER = """
(() => {
  const service = %s
  let current = null
  const asBase64url = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')
  PushManager.prototype.getSubscription = async function () { return current }
  PushManager.prototype.subscribe = async function (options) {
    const made = await fetch(`${service}/subscriptions`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ applicationServerKey: asBase64url(options.applicationServerKey) }),
    }).then((response) => response.json())
    current = {
      endpoint: made.endpoint, toJSON: () => made,
      unsubscribe: async () => { current = null; return true },
    }
    return current
  }
})()
"""


def test_an_email_about_an_unread_reply_shows_in_the_local_mail_catcher(open_page, local_stack, chats, db, screenshot):
    from chat_core.notifier import email_for, run_pass

    from local.mailbox import mailbox_sender

    # Given a reply the customer has not read, due now
    db.execute("update chat_private.notifications set state = 'skipped' where state in ('pending', 'sending')")
    db.execute("update chat_private.notification_settings set delay_seconds = 0")
    try:
        chat = chats.create(name="Mail Person", email="mail.person@example.com")
        chats.send(chat["id"], "We have shipped your order.", sender="admin")

        # When the notifier passes, as make dev runs it every minute
        run_pass("local", mailbox_sender(local_stack.gateway.mailbox, email_for))
    finally:
        db.execute("update chat_private.notification_settings set delay_seconds = 180")

    # Then the developer reads it, rendered, in the catcher
    page = open_page(f"{local_stack.supabase_url}/local/mail")
    expect(page.get_by_role("heading", name="You have a reply from support").first).to_be_visible()
    frame = page.frame_locator("iframe").first
    expect(frame.get_by_text("We have shipped your order.")).to_be_visible()
    screenshot(page, "local-mail-catcher")


def test_a_customer_who_left_gets_the_reply_by_email_after_the_delay_with_a_link_that_opens_the_chat(
    open_page, admin_page, local_stack, chats, due_after
):
    from chat_core.notifier import email_for, run_pass

    from local.mailbox import mailbox_sender

    # Given a customer who opened its chat, then closed the tab; emails due 2 s after a reply
    due_after(2)
    chat = chats.create(name="Left Early", email="left.early@example.com")
    customer = open_page(customer_link(local_stack, chats, chat))
    expect(customer.get_by_text("Live")).to_be_visible()
    customer.close()

    # When the admin replies on the dashboard, and the notifier passes before the delay and after
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    dashboard.get_by_label("Your reply").fill("Your refund is on its way.")
    dashboard.get_by_label("Your reply").press("Enter")
    expect(dashboard.locator("[role=log] .message.mine")).to_contain_text(["Your refund is on its way."])
    send = mailbox_sender(local_stack.gateway.mailbox, email_for)
    run_pass("local", send)
    before_the_delay = _caught(local_stack, "left.early@example.com")
    time.sleep(2.5)
    run_pass("local", send)

    # Then one email arrived only after the delay, and its button opens the chat on a new device
    [email] = _caught(local_stack, "left.early@example.com")
    assert before_the_delay == []
    link = re.search(r"Open the chat: (\S+)", email["text"]).group(1)
    elsewhere = open_page(link)
    expect(elsewhere.locator("[role=log] .message")).to_contain_text(["Your refund is on its way."])


def test_the_emails_unsubscribe_link_stops_the_emails_about_that_chat(
    open_page, local_stack, chats, due_after, screenshot
):
    from chat_core.notifier import email_for, run_pass

    from local.mailbox import mailbox_sender

    # Given a customer emailed about a reply
    due_after(0)
    chat = chats.create(name="Enough Mail", email="enough.mail@example.com")
    chats.send(chat["id"], "First reply", sender="admin")
    send = mailbox_sender(local_stack.gateway.mailbox, email_for)
    run_pass("local", send)
    [email] = _caught(local_stack, "enough.mail@example.com")

    # When the customer follows the email's "Stop emails" link and presses the button
    page = open_page(re.search(r"Stop emails about this chat: (\S+)", email["text"]).group(1))
    expect(page.get_by_role("heading", name="Stop emails about this chat?")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", name="You will not get emails about this chat any more.")).to_be_visible()
    screenshot(page, "email-unsubscribed")

    # Then the next reply is not emailed
    chats.send(chat["id"], "Second reply", sender="admin")
    run_pass("local", send)
    assert len(_caught(local_stack, "enough.mail@example.com")) == 1


def test_an_admin_gets_a_push_when_the_dashboard_is_closed(
    open_page, local_stack, chats, due_after, admin_credentials, forget_push_subscriptions
):
    from chat_core.config import get_settings
    from chat_core.notifier import email_for, push_sender, run_pass

    from local.mailbox import mailbox_sender

    # Given the admin turned pushes on for this browser, then closed the dashboard
    due_after(0)
    push_service = f"{local_stack.supabase_url}/local/push"

    def before(page: Any) -> None:
        page.context.grant_permissions(["notifications"])
        page.add_init_script(LOCAL_PUSH_MANAGER % json.dumps(push_service))

    dashboard = sign_in(open_page(f"{local_stack.web_url}/admin/", before=before), admin_credentials)
    from_menu(dashboard, "Notifications")
    notify = dashboard.get_by_label("Notify me of new messages, even when this page is closed")
    notify.check()
    expect(notify).to_be_checked()
    expect(notify).to_be_enabled()  # turned on: the subscription is with the API (checked while turning on)
    expect(dashboard.get_by_role("alert")).to_have_count(0)
    assert accessibility_violations(dashboard) == []
    context = dashboard.context
    dashboard.close()

    # When a customer writes, and the notifier passes
    chat = chats.create(name="Push Customer")
    chats.send(chat["id"], "Hello, is anyone there?")
    run_pass("local", mailbox_sender(local_stack.gateway.mailbox, email_for), push=push_sender(get_settings()))

    # Then the push service took a push that decrypts to the message, and the service worker,
    # handed it as the browser would, shows it with the dashboard closed
    messages = requests.get(f"{push_service}/messages", timeout=10).json()["messages"]
    [push] = [m["payload"] for m in messages if m["payload"]["tag"] == f"chat-{chat['id']}"]
    assert push["body"] == "Push Customer: Hello, is anyone there?"
    observer = context.new_page()  # another page of the origin, to reach its service worker
    observer.goto(f"{local_stack.web_url}/chat/")
    devtools = context.new_cdp_session(observer)
    versions: list[dict[str, Any]] = []
    devtools.on("ServiceWorker.workerVersionUpdated", lambda event: versions.extend(event["versions"]))
    devtools.send("ServiceWorker.enable")
    for _ in range(150):  # DevTools' events arrive while Playwright waits, not while Python sleeps
        # the newest report of the worker's version: each change of state is reported anew
        worker = next((v for v in reversed(versions) if v["scriptURL"].endswith("/shared/push-worker.js")), None)
        if worker and worker["status"] == "activated":
            break
        observer.wait_for_timeout(100)
    shown: list[dict[str, str]] = []
    # A push service delivers a message again until the browser takes it: so does this stand-in.
    for _ in range(3):
        devtools.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": local_stack.web_url, "registrationId": worker["registrationId"], "data": json.dumps(push)},
        )
        shown = eventually(
            lambda: observer.evaluate(
                """async () => {
                  const registration = await navigator.serviceWorker.getRegistration('/shared/push-worker.js')
                  return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body }))
                }"""
            ),
            timeout=10,
        )
        if shown:
            break
    assert shown == [{"title": "New message from Push Customer", "body": "Push Customer: Hello, is anyone there?"}]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_each_email_choice_has_its_button_beside_its_words(admin_page, viewport):
    # Given the dashboard's Notifications dialog
    page = admin_page(viewport)
    from_menu(page, "Notifications")
    dialog = page.get_by_role("dialog", name="Notifications")

    # Then each choice's radio button is on the line of its words, before them
    for words in ("Every unread chat for me", "Only my chats", "None"):
        radio = dialog.get_by_role("radio", name=words).bounding_box()
        label = dialog.get_by_text(words, exact=True).bounding_box()
        assert radio is not None and label is not None
        assert radio["x"] + radio["width"] <= label["x"], words
        assert abs((radio["y"] + radio["height"] / 2) - (label["y"] + label["height"] / 2)) < label["height"], words


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_admins_email_about_a_customers_message_opens_that_chat_after_signing_in(
    open_page, local_stack, chats, db, due_after, admin_credentials, viewport
):
    from chat_core.notifier import email_for, run_pass

    from local.mailbox import mailbox_sender

    # Given an admin emailed about every unread chat, and a customer's message left unread
    due_after(0)
    db.execute("update public.chat_admins set email_notifications = 'all' where email = %s", (admin_credentials[0],))
    chat = chats.create(name=f"Emailing Customer {viewport['width']}")
    chats.send(chat["id"], "Is my order on its way?")
    run_pass("local", mailbox_sender(local_stack.gateway.mailbox, email_for))
    [email] = [m for m in _caught(local_stack, admin_credentials[0]) if chat["customer_name"] in m["text"]]

    # When the admin follows the email's link on a device where the dashboard is signed out
    link = re.search(r"Open the chat: (\S+)", email["text"]).group(1)
    assert f'href="{link}"' in email["html"]
    page = sign_in(open_page(link, viewport), admin_credentials)

    # Then the dashboard opens that chat
    expect(page.get_by_role("heading", name=chat["customer_name"])).to_be_visible()
    expect(page.get_by_role("log")).to_contain_text("Is my order on its way?")
