"""Sound and notifications on the page, and only when a message is not in view."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.support.browser import (
    HIDE_PAGE,
    customer_link,
    eventually,
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
        if grant:
            page.context.grant_permissions(["notifications"])
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
    page = open_page(
        customer_link(local_stack, chats, chat),
        before=_recording_alerts(grant=False),
    )
    expect(page.get_by_text("Live")).to_be_visible()
    assert _alerts(page)["asked"] == 0

    # When the customer presses "Notify me", the browser is asked, once
    page.get_by_role("button", name="Notify me").click()
    assert eventually(lambda: _alerts(page)["asked"] == 1)

    # And sound is off until the customer turns it on, which this browser remembers
    sound = page.get_by_role("button", name="Sound off")
    sound.click()
    page.reload()
    expect(page.get_by_role("button", name="Sound on")).to_have_attribute("aria-pressed", "true")
