"""What browser tests do again and again: sizes, sign-in, a customer's link, waiting, axe-core."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Frame, Page, ViewportSize, expect

# axe-core (pinned in web/package.json) is in every page the tests open, as an init script,
# which the pages' Content-Security-Policy does not govern.
AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => (await axe.run(document)).violations
  .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)"""


def accessibility_violations(page: Page | Frame) -> list[str]:
    """Every axe-core violation on the page (or in one of its frames) as it is now, best
    practices included."""
    found: list[str] = page.evaluate(AXE_RUN)
    return found


DESKTOP, PHONE = ViewportSize(width=1280, height=800), ViewportSize(width=390, height=780)


def sign_in(page: Page, credentials: tuple[str, str]) -> Page:
    """Sign the dashboard in `page` in, and wait until it is live."""
    page.get_by_label("Email", exact=True).fill(credentials[0])
    page.get_by_label("Password", exact=True).fill(credentials[1])
    page.get_by_role("button", name="Sign in").click()
    # The list's status, or on a phone with a chat open (the address named one), the chat's
    page.locator("#live:visible, #chat-live:visible").filter(has_text="Live").wait_for()
    return page


def from_menu(page: Page, action: str) -> None:
    """Choose `action` from the dashboard's menu (settings and account)."""
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("group", name="Settings and account").get_by_role("button", name=action, exact=True).click()


def create_chat_in(page: Page, name: str, email: str) -> str:
    """Create a chat from the dashboard; returns the customer link it shows."""
    page.get_by_role("button", name="New chat").click()
    page.get_by_label("Customer name").fill(name)
    page.get_by_label("Customer email").fill(email)
    page.get_by_role("button", name="Create chat").click()
    expect(page.get_by_label("Customer link")).to_have_value(re.compile(r"#token="))
    link = page.get_by_label("Customer link").input_value()
    page.get_by_role("button", name="Done").click()
    return link


def customer_link(local_stack: Any, chats: Any, chat: dict[str, Any]) -> str:
    """The link the chat's customer was given (its capability in the fragment)."""
    return f"{local_stack.web_url}/chat?chatId={chat['id']}#token={chats.capabilities[chat['id']]}"


def messages_in(page: Page) -> list[str]:
    """The texts of the messages the page shows, in order."""
    return page.locator("[role=log] .message .content").all_inner_texts()


# The page hidden or shown again, as switching tabs does (visibilityState and its event).
HIDE_PAGE = """(state) => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}"""


def eventually(check: Any, timeout: float = 10.0) -> Any:
    """check() once it is truthy, polled every 0.1 s, or its last falsy answer after `timeout`."""
    deadline = time.monotonic() + timeout
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


SENDS = re.compile(r".*/chat-message$")  # the route a page sends (and lists) messages on


def live_customer_page(open_page: Any, url: str, *, on_send: Any = None, **options: Any) -> Page:
    """The customer page at `url`, once it is Live; with on_send(route), every request to
    /chat-message goes through that Playwright route handler first (options: open_page's)."""
    before = (lambda page: page.route(SENDS, on_send)) if on_send else None
    page: Page = open_page(url, before=before, **options)
    expect(page.get_by_text("Live")).to_be_visible()
    return page


def write(page: Page, text: str, box: str = "Your message") -> None:
    """Type `text` in the page's message box and send it with Enter, as a person does."""
    page.get_by_label(box).fill(text)
    page.get_by_label(box).press("Enter")
