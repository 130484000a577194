"""Search from the dashboard: by name, email or words, opening the chat at the find."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.support.browser import (
    accessibility_violations,
)


def test_search_finds_a_chat_by_words_its_customer_wrote(admin_page, chats):
    # Given a chat whose customer mentioned an order number, and another
    wanted, other = chats.create(name="Order Person"), chats.create(name="Other Person")
    chats.send(wanted["id"], "It is about order 48151623, still not here")
    chats.send(other["id"], "Just saying hi")
    dashboard = admin_page()

    # When the admin searches for the number (nowhere in the list's names or previews)
    dashboard.get_by_label("Search names, emails and messages").fill("48151623")

    # Then the server finds that chat, and only it
    expect(dashboard.locator(f"[data-chat-id='{wanted['id']}']")).to_be_visible()
    expect(dashboard.locator(".sessions li")).to_have_count(1)


def test_a_search_shows_the_matching_words_and_opens_the_chat_at_that_message(admin_page, chats, screenshot):
    # Given a long chat whose first message mentions a kettle, 80 messages ago
    word = "kettle" + uuid.uuid4().hex[:6]
    chat = chats.create(name="Long Ago")
    chats.send(chat["id"], f"My {word} arrived broken, the lid is cracked")
    for n in range(80):
        chats.send(chat["id"], f"later message {n}", sender="admin" if n % 2 else "customer")

    # When the admin searches for it
    dashboard = admin_page()
    dashboard.get_by_label("Search names, emails and messages").fill(word)
    row = dashboard.locator(f"[data-chat-id='{chat['id']}']")
    expect(row.locator(".snippet mark")).to_have_text(word)
    expect(row.locator(".snippet")).to_contain_text("arrived broken")
    assert accessibility_violations(dashboard) == []
    screenshot(dashboard, "admin-search-snippet")
    row.click()

    # Then the chat opens at that message, marked and in view, not at the newest
    found = dashboard.locator(".conversation .message.found")
    expect(found).to_contain_text(f"My {word} arrived broken")
    expect(found).to_be_in_viewport()
