"""Both pages for everyone: screenshots, phones, the keyboard, names, axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import FilePayload, ViewportSize, expect

from tests.support.browser import (
    DESKTOP,
    PHONE,
    accessibility_violations,
    customer_link,
    from_menu,
    sign_in,
)


def _is_dark(css_color: str) -> bool:
    red, green, blue = (int(n) for n in re.findall(r"\d+", css_color)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128


# Controls a finger can hit on a phone (a box counts with its label), and headers that stay one line per row.
SMALL_TARGETS = """() => [...document.querySelectorAll('button, input, textarea, select, a[href]')]
  .filter((element) => element.getClientRects().length && getComputedStyle(element).visibility !== 'hidden'
    && !element.closest('.messages'))
  .filter((element) => element.getBoundingClientRect().height < 44 && !(element.matches('[type=checkbox], [type=radio]')
    && element.closest('label')?.getBoundingClientRect().height >= 44))
  .map((element) => element.getAttribute('aria-label') || element.textContent.trim() || element.id)"""


WRAPPED_HEADER_ROWS = """() => [...document.querySelectorAll('.conversation > header :is(.title-line, .toolbar)')]
  .filter((row) => row.getBoundingClientRect().height > 48).map((row) => row.className)"""


# What lies outside the screen's width: a visible control or text that starts or ends off it.
OFF_SCREEN = """() => [...document.querySelectorAll('button, input, textarea, select, summary, a[href], h1, h2, p, li')]
  .filter((element) => element.getClientRects().length && getComputedStyle(element).visibility !== 'hidden'
    && !element.closest('.visually-hidden, [hidden], details:not([open]) > .menu'))
  .filter((element) => { const box = element.getBoundingClientRect()
    return box.width > 0 && (box.left < -0.5 || box.right > window.innerWidth + 0.5) })
  .map((element) => element.getAttribute('aria-label') || element.textContent.trim().slice(0, 40) || element.tagName)"""
WIDTHS = [ViewportSize(width=390, height=780), ViewportSize(width=768, height=1000), DESKTOP]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", WIDTHS, ids=["390", "768", "1280"])
def test_every_page_fits_its_screen_in_both_themes_with_screenshots(
    admin_page, open_page, local_stack, chats, screenshot, scheme, viewport
):
    # Given a conversation, both pages open on it at this width and theme
    chat = chats.create(name="Screenshot Customer", email="shot@example.com")
    chats.send(chat["id"], "Hello! I have a question about my invoice, see https://example.com/invoice/42")
    chats.send(chat["id"], "Of course, what would you like to know?", sender="admin")
    chats.send(chat["id"], "Whether it includes shipping.")
    width = viewport["width"]
    admin = admin_page(viewport, scheme)
    customer = open_page(customer_link(local_stack, chats, chat), viewport, color_scheme=scheme)
    expect(customer.get_by_role("log")).to_contain_text("includes shipping")

    # When each state a person meets is on screen: the list, its menu, the chat, its actions,
    # the customer's page and its notifications
    states = {"admin-list": (admin, lambda: expect(admin.locator(f"[data-chat-id='{chat['id']}']")).to_be_visible())}

    def open_the_menu() -> None:
        admin.get_by_text("Menu", exact=True).click()
        expect(admin.get_by_role("button", name="Saved replies")).to_be_visible()

    states["admin-menu"] = (admin, open_the_menu)

    def open_the_chat() -> None:
        admin.keyboard.press("Escape")
        admin.locator(f"[data-chat-id='{chat['id']}']").click()
        expect(admin.get_by_role("log")).to_contain_text("includes shipping")

    states["admin-chat"] = (admin, open_the_chat)

    def open_the_actions() -> None:
        if width < 1200:  # narrower, the chat's actions are a menu
            admin.get_by_text("Actions", exact=True).click()
        expect(admin.get_by_role("button", name="Close chat")).to_be_visible()

    states["admin-chat-actions"] = (admin, open_the_actions)
    states["customer"] = (customer, lambda: expect(customer.locator("#live")).to_have_text("Live"))

    def open_notifications() -> None:
        customer.get_by_text("Notifications", exact=True).click()
        expect(customer.get_by_label("Play a sound when a message arrives")).to_be_visible()

    states["customer-notifications"] = (customer, open_notifications)

    # Then each fits the screen, passes axe in this theme (contrast included), and is kept
    for name, (page, reach) in states.items():
        reach()
        assert (name, page.evaluate(OFF_SCREEN)) == (name, [])
        assert (name, page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")) == (name, True)
        assert (name, accessibility_violations(page)) == (name, [])
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert _is_dark(background) is (scheme == "dark"), background
        assert screenshot(page, f"{name}-{width}-{scheme}").stat().st_size > 0


def test_on_a_phone_every_control_is_44_px_and_no_header_wraps(admin_page, open_page, local_stack, chats):
    chat = chats.create(name="A customer with a rather long name indeed", email="long@example.com")
    dashboard = admin_page(PHONE)
    assert dashboard.evaluate(SMALL_TARGETS) == []
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard.get_by_role("heading", name=chat["customer_name"])).to_be_visible()
    assert (dashboard.evaluate(SMALL_TARGETS), dashboard.evaluate(WRAPPED_HEADER_ROWS)) == ([], [])

    customer = open_page(customer_link(local_stack, chats, chat), PHONE)
    expect(customer.get_by_text("Live")).to_be_visible()
    assert (customer.evaluate(SMALL_TARGETS), customer.evaluate(WRAPPED_HEADER_ROWS)) == ([], [])


def test_the_dashboard_works_by_keyboard_alone(open_page, local_stack, admin_credentials):
    page = open_page(f"{local_stack.web_url}/admin/")
    # Sign in: the email field has focus; type, Tab, type, Enter
    page.keyboard.type(admin_credentials[0])
    page.keyboard.press("Tab")
    page.keyboard.type(admin_credentials[1])
    page.keyboard.press("Enter")
    expect(page.get_by_text("Live")).to_be_visible()

    # Tab to "New chat", open it, fill it in, create with Enter
    for _ in range(10):
        if page.evaluate("document.activeElement.id") == "new-chat":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.type("Keyboard Customer")
    page.keyboard.press("Tab")
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Enter")

    # The link dialog opens; Escape closes it and the reply box can be reached and used
    expect(page.get_by_label("Customer link")).to_have_value(re.compile("#token="))
    page.keyboard.press("Escape")
    page.get_by_label("Your reply").focus()
    page.keyboard.type("typed without a mouse")
    page.keyboard.press("Enter")
    expect(page.get_by_role("log")).to_contain_text("typed without a mouse")


def test_every_button_has_an_accessible_name(admin_page):
    page = admin_page()

    unnamed = page.evaluate("""() => [...document.querySelectorAll('button')]
        .filter((b) => !(b.getAttribute('aria-label') || b.textContent).trim()).map((b) => b.outerHTML)""")

    assert unnamed == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_page_state_has_an_accessibility_violation(open_page, local_stack, chats, admin_credentials, viewport):
    # axe-core, best practices included, on every state a person meets, at both widths
    chat = chats.create(name="Axe Person", email="axe@example.com")
    chats.send(chat["id"], "Hello, see https://example.com/help")
    seen: dict[str, list[str]] = {}

    signing_in = open_page(f"{local_stack.web_url}/admin/", viewport, tolerate=("status of 400",))
    signing_in.get_by_label("Email", exact=True).fill("nobody@example.com")
    signing_in.get_by_label("Password", exact=True).fill("wrong password")
    signing_in.get_by_role("button", name="Sign in").click()
    expect(signing_in.get_by_role("alert")).to_be_visible()
    seen["sign-in refused"] = accessibility_violations(signing_in)

    dashboard = sign_in(open_page(f"{local_stack.web_url}/admin/", viewport), admin_credentials)
    seen["chat list"] = accessibility_violations(dashboard)
    dashboard.get_by_role("button", name="New chat").click()
    seen["new chat dialog"] = accessibility_violations(dashboard)
    dashboard.get_by_role("button", name="Cancel").click()
    for action, dialog in (("Notifications", "Notifications"), ("Team", "Team"), ("Saved replies", "Saved replies")):
        from_menu(dashboard, action)
        expect(dashboard.get_by_role("dialog", name=dialog)).to_be_visible()
        seen[f"{action} dialog"] = accessibility_violations(dashboard)
        dashboard.keyboard.press("Escape")
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard.get_by_role("log")).to_contain_text("Hello")
    seen["chat open"] = accessibility_violations(dashboard)
    dashboard.locator("input[type=file]").set_input_files(
        files=[FilePayload(name="page.html", mimeType="text/html", buffer=b"<html></html>")]
    )
    expect(dashboard.get_by_role("alert")).to_contain_text("can't be attached")
    seen["a file refused"] = accessibility_violations(dashboard)
    actions = dashboard.get_by_text("Actions", exact=True)
    if actions.is_visible():
        actions.click()
    dashboard.get_by_role("button", name="Show link").click()
    expect(dashboard.get_by_label("Customer link")).to_be_visible()
    seen["link dialog"] = accessibility_violations(dashboard)
    dashboard.get_by_role("button", name="Done").click()
    if actions.is_visible():
        actions.click()
    dashboard.get_by_role("button", name="Close chat").click()
    seen["confirm dialog"] = accessibility_violations(dashboard)
    dashboard.get_by_role("dialog").get_by_role("button", name="Close chat").click()
    if actions.is_visible():
        actions.click()
    expect(dashboard.get_by_role("button", name="Reopen chat")).to_be_visible()
    seen["chat closed"] = accessibility_violations(dashboard)
    dashboard.keyboard.press("Escape")
    back = dashboard.get_by_role("button", name="Back to chats")
    if back.is_visible():
        back.click()
    dashboard.get_by_label("Search names, emails and messages").fill("nobody matches this")
    expect(dashboard.get_by_text("No chats match.")).to_be_visible()
    seen["no match"] = accessibility_violations(dashboard)

    customer = open_page(customer_link(local_stack, chats, chat), viewport)
    expect(customer.get_by_text("This chat has been closed")).to_be_visible()
    seen["customer, chat closed"] = accessibility_violations(customer)
    customer.get_by_text("Notifications", exact=True).click()
    expect(customer.get_by_label("Play a sound when a message arrives")).to_be_visible()
    seen["customer, notifications"] = accessibility_violations(customer)
    broken = open_page(f"{local_stack.web_url}/chat?chatId={chat['id']}", viewport, refused=True)
    expect(broken.get_by_text("This chat link doesn't work")).to_be_visible()
    seen["customer, broken link"] = accessibility_violations(broken)

    assert {state: found for state, found in seen.items() if found} == {}


def test_on_a_phone_the_dashboard_is_no_wider_than_the_screen(admin_page, chats):
    # Given a chat whose customer's name and last message are each one line longer than a phone
    chat = chats.create(name="A customer whose name is much longer than a phone screen is wide", email=None)
    chats.send(chat["id"], "unbreakable" * 60)

    # When the admin opens the dashboard on a phone
    page = admin_page(PHONE)
    expect(page.locator(f'[data-chat-id="{chat["id"]}"]')).to_be_visible()

    # Then the page is no wider than the screen, and every action of the list is on it
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("button", name="Sign out on all devices")).to_be_visible()
    actions = [page.get_by_role("button", name="New chat")]
    actions += page.get_by_role("group", name="Settings and account").get_by_role("button").all()
    # New chat; Notifications, Saved replies, Export, Team, Websites, Customer data, two sign-outs
    assert len(actions) == 9
    assert [(name, box) for name, box in _boxes(actions) if not _on_screen(box)] == []


def test_on_a_phone_every_action_of_an_open_chat_is_on_screen(admin_page, chats):
    # Given a chat with a long name, opened on a phone
    chat = chats.create(name="A customer whose name is much longer than a phone screen is wide", email=None)
    page = admin_page(PHONE)
    page.locator(f'[data-chat-id="{chat["id"]}"]').click()

    # When the admin opens the chat's actions (shown once placed on the screen)
    page.get_by_text("Actions", exact=True).click()
    expect(page.get_by_role("button", name="Close chat")).to_be_visible()

    # Then the way back, who handles it and every action are on the screen, none under another
    group = page.get_by_role("group", name="What to do with this chat")
    controls = [page.get_by_role("button", name="Back to chats"), page.get_by_label("Handled by")]
    controls += [page.get_by_text("Transcript", exact=True), *group.get_by_role("button").all()]
    boxes = _boxes(controls)
    assert [name for name, _ in boxes][3:] == ["Show link", "New link", "Close chat"]
    assert [name for name, box in boxes if not _on_screen(box)] == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def _boxes(controls: list[Any]) -> list[tuple[str, Any]]:
    return [((control.text_content() or "").strip(), control.bounding_box()) for control in controls]


def _on_screen(box: Any) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 44


# The chat's parts top to bottom (header, messages, notes, reply box): where each begins and ends.
STACKED = """() => [...document.querySelectorAll('.conversation > *')].filter((e) => e.getClientRects().length)
  .map((e) => [e.className || e.tagName, e.getBoundingClientRect().top, e.getBoundingClientRect().bottom])"""
LOG_IN_ITS_FRAME = """() => { const log = document.getElementById('messages').getBoundingClientRect()
  const frame = document.querySelector('.messages-frame').getBoundingClientRect()
  return log.top >= frame.top && log.bottom <= frame.bottom }"""


@pytest.mark.parametrize(
    "viewport",
    [ViewportSize(width=1280, height=420), ViewportSize(width=390, height=420)],
    ids=["short desktop", "phone with its keyboard up"],
)
def test_a_long_conversation_never_runs_over_the_lines_around_it(admin_page, open_page, local_stack, chats, viewport):
    # Given a long conversation, on a screen short of room
    chat = chats.create(name="Long Talker", email="long.talker@example.com")
    for number in range(24):
        chats.send(chat["id"], f"message number {number} " * 4, sender="admin" if number % 2 else "customer")
    dashboard = admin_page(viewport)
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    customer = open_page(customer_link(local_stack, chats, chat), viewport)

    for page in (dashboard, customer):
        # When it is scrolled half-way
        expect(page.get_by_role("log")).to_contain_text("message number 23")
        page.locator("#messages").evaluate("(log) => { log.scrollTop = log.scrollHeight / 2 }")

        # Then the messages stay in their place: under the header and its presence line, above
        # the reply box, which is whole on the screen
        parts = page.evaluate(STACKED)
        overlaps = [(a[0], b[0]) for a, b in zip(parts, parts[1:], strict=False) if a[2] > b[1] + 0.5]
        assert (overlaps, page.evaluate(LOG_IN_ITS_FRAME)) == ([], True)
        assert parts[-1][2] <= viewport["height"] + 0.5, parts


def test_the_chat_list_is_reached_in_a_few_tabs_and_walked_with_arrow_keys(admin_page, chats):
    # Given a dashboard with chats
    for number in range(3):
        chats.create(name=f"Keyboard Row {number}")
    page = admin_page()
    rows = page.locator(".sessions li > button")
    expect(rows.first).to_be_visible()

    # When the admin tabs from the top of the page
    page.locator("#chats-title").focus()
    tabs = 0
    while not rows.first.evaluate("(row) => row === document.activeElement") and tabs < 15:
        page.keyboard.press("Tab")
        tabs += 1

    # Then the first chat is a few tabs away, with a ring inside the row (the list would cut one outside)
    assert tabs <= 6
    ring = rows.first.evaluate(
        "(row) => { const style = getComputedStyle(row); return [style.outlineStyle, parseFloat(style.outlineWidth),"
        " parseFloat(style.outlineOffset)] }"
    )
    assert ring[0] != "none" and ring[1] >= 2 and ring[2] <= -ring[1], ring

    # And the arrow keys, Home and End move between the chats
    count = rows.count()
    for key, index in (("ArrowDown", 1), ("ArrowDown", 2), ("ArrowUp", 1), ("End", count - 1), ("Home", 0)):
        page.keyboard.press(key)
        expect(rows.nth(index)).to_be_focused()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_long_name_is_cut_with_an_ellipsis_and_its_message_keeps_its_time(admin_page, chats, viewport):
    # Given a message from a customer whose name is longer than a message is wide
    chat = chats.create(name="Bartholomew Maximilian Featherstonehaugh-Cholmondeley the Third", email=None)
    chats.send(chat["id"], "hi")

    # When the admin opens the chat
    page = admin_page(viewport)
    page.locator(f"[data-chat-id='{chat['id']}']").click()
    header = page.get_by_role("log").locator(".message header").first
    expect(header).to_be_visible()

    # Then the header is one line: the name cut with an ellipsis, the time whole beside it
    name, time = header.locator(".sender"), header.locator("time")
    assert name.evaluate("(span) => getComputedStyle(span).textOverflow") == "ellipsis"
    name_box, time_box, header_box = name.bounding_box(), time.bounding_box(), header.bounding_box()
    assert name_box and time_box and header_box
    assert header_box["height"] < 2.2 * time_box["height"]  # one line (the avatar sets its height)
    assert (
        header_box["x"] <= time_box["x"] and time_box["x"] + time_box["width"] <= header_box["x"] + header_box["width"]
    )
