"""Sound and notifications on the page, and only when a message is not in view."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    DESKTOP,
    HIDE_PAGE,
    PHONE,
    accessibility_violations,
    customer_link,
    eventually,
    from_menu,
    sign_in,
)

# Records what the page does to alert: oscillators started (the chime), notifications shown,
# permission asked; a granted permission comes from the browser context (grant_permissions).
RECORD_ALERTS = """
window.recordedAlerts = { oscillators: 0, notifications: [], asked: 0 }
const PageNotification = window.Notification
window.Notification = class extends PageNotification {
  constructor(title, options) {
    super(title, options)
    window.recordedAlerts.notifications.push({ title, body: options?.body, shown: this })
  }
  static requestPermission() {
    window.recordedAlerts.asked += 1
    return PageNotification.requestPermission()
  }
}
const createOscillator = AudioContext.prototype.createOscillator
AudioContext.prototype.createOscillator = function () {
  window.recordedAlerts.oscillators += 1
  return createOscillator.call(this)
}
"""


def _recording_alerts(grant: bool) -> Any:
    def before(page: Any) -> None:
        if grant:  # allowed, and turned on in this browser before
            page.context.grant_permissions(["notifications"])
            page.add_init_script("localStorage.setItem('chat-notify', 'on')")
        page.add_init_script(RECORD_ALERTS)

    return before


def _alerts(page) -> dict[str, Any]:
    return page.evaluate(
        "({ oscillators: recordedAlerts.oscillators, asked: recordedAlerts.asked,"
        " notifications: recordedAlerts.notifications.map(({ title, body }) => ({ title, body })) })"
    )


def test_the_dashboard_chimes_and_notifies_only_when_the_message_is_not_in_view(
    open_page, local_stack, chats, admin_credentials
):
    # Given the dashboard with notifications allowed and one chat open
    dashboard = sign_in(
        open_page(f"{local_stack.web_url}/admin/", before=_recording_alerts(grant=True)), admin_credentials
    )
    in_view, other = chats.create(name="In View"), chats.create(name="Elsewhere Person")
    dashboard.locator(f"[data-chat-id='{in_view['id']}']").click()
    expect(dashboard.get_by_role("heading", name="In View")).to_be_visible()

    # When the open chat's customer writes, nothing alerts; when another chat's does, a chime
    chats.send(in_view["id"], "in view")
    expect(dashboard.get_by_role("log")).to_contain_text("in view")
    chats.send(other["id"], "somewhere else")
    assert eventually(lambda: _alerts(dashboard)["oscillators"] > 0)
    assert _alerts(dashboard)["notifications"] == []

    # When the tab is hidden, the next message also shows a notification, which opens its chat
    dashboard.evaluate(HIDE_PAGE, "hidden")
    chats.send(other["id"], "are you there?")
    assert eventually(lambda: _alerts(dashboard)["notifications"]) == [
        {"title": "New message from Elsewhere Person", "body": "are you there?"}
    ]
    dashboard.evaluate("recordedAlerts.notifications[0].shown.onclick()")
    expect(dashboard.get_by_role("heading", name="Elsewhere Person")).to_be_visible()


def test_the_customer_is_asked_for_notifications_only_on_its_own_click(open_page, local_stack, chats):
    # Given a customer's page whose browser has not decided on notifications
    chat = chats.create(name="Asked Person")
    page = open_page(customer_link(local_stack, chats, chat), before=_recording_alerts(grant=False))
    expect(page.get_by_text("Live")).to_be_visible()
    assert _alerts(page)["asked"] == 0

    # When the customer opens Notifications and ticks the box, the browser is asked, once
    page.get_by_text("Notifications", exact=True).click()
    page.get_by_label("Notify me of new messages, even when this page is closed").click()
    assert eventually(lambda: _alerts(page)["asked"] == 1)

    # And sound is off until the customer turns it on, which this browser remembers
    sound = page.get_by_label("Play a sound when a message arrives")
    expect(sound).not_to_be_checked()
    sound.check()
    page.reload()
    page.get_by_text("Notifications", exact=True).click()
    expect(page.get_by_label("Play a sound when a message arrives")).to_be_checked()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_refused_permission_is_explained_in_words(open_page, local_stack, chats, viewport):
    # Given a customer whose browser refuses notifications when asked
    chat = chats.create(name="Refusing Person")
    page = open_page(
        customer_link(local_stack, chats, chat), viewport, before=lambda p: p.add_init_script(REFUSE_NOTIFICATIONS)
    )
    expect(page.get_by_text("Live")).to_be_visible()

    # When the customer asks to be notified
    page.get_by_text("Notifications", exact=True).click()
    page.get_by_label("Notify me of new messages, even when this page is closed").click()

    # Then the page says, in words and on screen, how to allow them; the box is off
    expect(page.get_by_role("alert")).to_contain_text("This browser blocks notifications from this site")
    expect(page.get_by_label("Notify me of new messages, even when this page is closed")).not_to_be_checked()
    box = page.get_by_role("alert").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert accessibility_violations(page) == []


def test_a_browser_that_cannot_push_gets_words_not_its_error(open_page, local_stack, admin_credentials):
    # Given an admin whose Chromium has notifications allowed but no push service (as in tests)
    def allowed(page: Any) -> None:
        page.context.grant_permissions(["notifications"])

    # (Chromium's own console line for it, as in an incognito window, is expected)
    no_push = ("does not support the Push API",)
    dashboard = sign_in(open_page(f"{local_stack.web_url}/admin/", before=allowed, tolerate=no_push), admin_credentials)

    # When the admin turns notifications on
    from_menu(dashboard, "Notifications")
    dashboard.get_by_label("Notify me of new messages, even when this page is closed").check()
    assert _granted(dashboard)

    # Then they are on while the dashboard is open, and the dialog says why not when closed
    expect(dashboard.get_by_role("alert")).to_have_text(
        "They come while this page is open; this browser can't deliver them once it's closed."
    )
    expect(dashboard.get_by_label("Notify me of new messages, even when this page is closed")).to_be_checked()
    expect(dashboard.get_by_text("Registration failed")).to_have_count(0)


def _granted(page: Any) -> bool:
    return bool(page.evaluate("Notification.permission === 'granted'"))


# The person says no when the browser asks.
REFUSE_NOTIFICATIONS = """
let refused = false
Object.defineProperty(Notification, 'permission', { get: () => (refused ? 'denied' : 'default') })
Notification.requestPermission = async () => { refused = true; return 'denied' }
"""
