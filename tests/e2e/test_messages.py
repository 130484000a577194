"""Writing and reading a conversation: live both ways, history, days, links, the view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    DESKTOP,
    PHONE,
    customer_link,
    messages_in,
)


def test_admin_and_customer_talk_live_both_ways(admin_page, open_page, create_chat_from_dashboard):
    # Given the admin created a chat and the customer opened its link
    admin = admin_page()
    link = create_chat_from_dashboard(admin, "Ada Lovelace", "ada@example.com")
    customer = open_page(link)
    expect(customer.get_by_text("Live")).to_be_visible()

    # When each writes (Enter sends)
    customer.get_by_label("Your message").fill("Hi, my order is late")
    customer.get_by_label("Your message").press("Enter")
    expect(admin.get_by_role("log")).to_contain_text("Hi, my order is late")
    admin.get_by_label("Your reply").fill("Sorry! Checking now.")
    admin.get_by_label("Your reply").press("Enter")

    # Then the other side shows it without a reload, in order, once
    expect(customer.get_by_role("log")).to_contain_text("Sorry! Checking now.")
    assert messages_in(customer) == ["Hi, my order is late", "Sorry! Checking now."]
    assert messages_in(admin) == ["Hi, my order is late", "Sorry! Checking now."]


def test_shift_enter_writes_a_new_line(admin_page, open_page, create_chat_from_dashboard):
    customer = open_page(create_chat_from_dashboard(admin_page(), "Lines", "l@example.com"))
    box = customer.get_by_label("Your message")
    expect(customer.get_by_text("Live")).to_be_visible()

    box.type("first line")
    box.press("Shift+Enter")
    box.type("second line")
    box.press("Enter")

    expect(customer.get_by_role("log")).to_contain_text("second line")
    assert messages_in(customer) == ["first line\nsecond line"]


def test_history_loads_upward_on_scroll(admin_page, chats, send_rate_limit):
    send_rate_limit(1000, 1)
    chat = chats.create(name="Long Story")
    for n in range(1, 61):
        chats.send(chat["id"], f"message {n}", sender="admin" if n % 2 else "customer")
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    log = dashboard.get_by_role("log")
    expect(log.locator(".message")).to_have_count(50)

    log.evaluate("element => element.scrollTo(0, 0)")

    expect(log.locator(".message")).to_have_count(60)
    texts = messages_in(dashboard)
    assert texts == [f"message {n}" for n in range(1, 61)]


def test_scrolling_up_after_switching_chats_shows_only_the_open_chats_history(admin_page, chats, send_rate_limit):
    # Given two long chats, A and B, and an admin who opened A and then B
    send_rate_limit(1000, 1)
    chat_a, chat_b = chats.create(name="First Long Chat"), chats.create(name="Second Long Chat")
    for n in range(1, 61):
        chats.send(chat_a["id"], f"A says {n}", sender="admin")
        chats.send(chat_b["id"], f"B says {n}")
    dashboard = admin_page()
    log = dashboard.get_by_role("log")
    dashboard.locator(f"[data-chat-id='{chat_a['id']}']").click()
    expect(log.locator(".message")).to_have_count(50)
    dashboard.locator(f"[data-chat-id='{chat_b['id']}']").click()
    expect(log).to_contain_text("B says 60")

    # When the admin scrolls B's conversation to the top
    log.evaluate("element => element.scrollTo(0, 0)")

    # Then B's older history loads under B's title, and nothing of A's appears
    expect(log.locator(".message")).to_have_count(60)
    expect(dashboard.get_by_role("heading", name="Second Long Chat")).to_be_visible()
    assert messages_in(dashboard) == [f"B says {n}" for n in range(1, 61)]


def test_a_new_message_adds_one_node_and_touches_no_other(open_page, local_stack, chats):
    # Given the customer's page showing a conversation, watched for any change to its list
    chat = chats.create(name="Mutation Watch")
    for n in range(3):
        chats.send(chat["id"], f"earlier {n}", sender="admin")
    page = open_page(customer_link(local_stack, chats, chat))
    expect(page.get_by_text("Live")).to_be_visible()
    expect(page.get_by_role("log").locator(".message")).to_have_count(3)
    page.evaluate("""() => {
        window.changes = []
        new MutationObserver((records) => window.changes.push(...records.map((r) => ({
            type: r.type, target: r.target.id || r.target.nodeName,
            added: [...r.addedNodes].map((n) => n.dataset?.seq ?? n.nodeName),
            removed: r.removedNodes.length, attribute: r.attributeName }))))
          .observe(document.querySelector('[role=log]'),
                   { subtree: true, childList: true, attributes: true, characterData: true })
    }""")

    # When a new message arrives
    chats.send(chat["id"], "the new one", sender="admin")
    expect(page.get_by_role("log")).to_contain_text("the new one")

    # Then the only change to the list is that message's node, added once
    assert page.evaluate("window.changes") == [
        {"type": "childList", "target": "messages", "added": ["4"], "removed": 0, "attribute": None}
    ]


def test_an_empty_chat_says_so_on_both_sides(admin_page, open_page, local_stack, chats):
    chat = chats.create(name="Quiet Person")

    customer = open_page(customer_link(local_stack, chats, chat))
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()

    expect(customer.get_by_role("log")).to_have_text("No messages yet. Write to us and we'll reply here.")
    expect(dashboard.get_by_role("log")).to_have_text("No messages yet. Say hello!")


def test_days_are_separated_and_each_time_has_its_full_date_for_screen_readers(open_page, local_stack, chats, db):
    # Given a message from two days ago and one from today
    chat = chats.create(name="Days Person")
    chats.send(chat["id"], "back then")
    chats.send(chat["id"], "today", sender="admin")
    db.execute(
        "update public.chat_messages set created_at = created_at - interval '2 days' where chat_id = %s and seq = 1",
        (chat["id"],),
    )

    page = open_page(customer_link(local_stack, chats, chat))

    # Then a separator goes before each day, and each time carries its whole date, year included
    log = page.get_by_role("log")
    expect(log.get_by_role("separator")).to_have_count(2)
    expect(log.get_by_role("separator").last).to_have_text("Today")
    expect(log.locator(".message time .visually-hidden").first).to_have_text(re.compile(r"\b20\d\d\b"))


def test_links_in_messages_are_safe_and_text_keeps_its_direction(open_page, local_stack, chats):
    # Given messages with a web address, a script address and right-to-left text
    chat = chats.create(name="Links Person")
    chats.send(chat["id"], "Track it at https://example.com/track?id=42.", sender="admin")
    chats.send(chat["id"], "javascript:alert(1)", sender="admin")
    chats.send(chat["id"], "שלום, מה שלומך?", sender="admin")

    page = open_page(customer_link(local_stack, chats, chat))
    expect(page.get_by_role("log")).to_contain_text("שלום")

    # Then only the web address is a link, opened apart from this page, and every text picks its direction
    links = page.get_by_role("log").get_by_role("link")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://example.com/track?id=42")
    expect(links).to_have_attribute("rel", "noopener noreferrer")
    assert page.locator(".message .content").evaluate_all("ps => ps.map(p => p.dir)") == ["auto"] * 3


def test_a_message_arriving_while_scrolled_up_shows_a_marker_that_brings_it_into_view(
    admin_page, chats, send_rate_limit
):
    # Given a long chat, open and scrolled up to read
    send_rate_limit(1000, 1)
    chat = chats.create(name="Scrolled Person")
    for n in range(1, 41):
        chats.send(chat["id"], f"line {n}")
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    log = dashboard.get_by_role("log")
    expect(log.locator(".message")).to_have_count(40)
    log.evaluate("element => element.scrollTo(0, element.scrollHeight / 3)")

    # When a new message arrives
    chats.send(chat["id"], "something new")

    # Then the view stays where the reader is and says a message arrived below; pressing it goes there
    marker = dashboard.get_by_role("button", name="1 new message ↓")
    expect(marker).to_be_visible()
    marker.click()
    expect(marker).to_have_count(0)
    assert log.evaluate("e => e.scrollHeight - e.scrollTop - e.clientHeight < 60")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_message_past_the_limit_is_counted_kept_whole_and_not_sent(
    open_page, local_stack, chats, stored_messages, viewport
):
    # Given a customer's page
    chat = chats.create(name="Long Writer")
    page = open_page(customer_link(local_stack, chats, chat), viewport)
    expect(page.get_by_text("Live")).to_be_visible()

    # When 4,100 characters are pasted into the box
    page.get_by_label("Your message").fill("x" * 4100)

    # Then all of them stay, the box says by how much it is over, and Send waits
    assert len(page.get_by_label("Your message").input_value()) == 4100
    expect(page.locator("#composer-count")).to_have_text("4,100 / 4,000 · too long to send")
    expect(page.get_by_role("button", name="Send message")).to_be_disabled()
    page.get_by_label("Your message").press("Enter")
    assert stored_messages(chat["id"]) == []
