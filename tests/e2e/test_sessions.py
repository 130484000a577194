"""The dashboard's chat list: closing and reopening, new chats, unread counts, addresses."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    DESKTOP,
    PHONE,
    eventually,
    sign_in,
)
from tests.support.tokens import NEW_ADMIN_PASSWORD


def test_closing_asks_first_and_reopening_lets_the_customer_write_again(
    admin_page, open_page, create_chat_from_dashboard
):
    # Given a customer on the page of a chat the admin has open
    admin = admin_page()
    customer = open_page(create_chat_from_dashboard(admin, "Closing Time", "c@example.com"))
    expect(customer.get_by_text("Live")).to_be_visible()

    # When the admin presses Close chat, it is asked first; cancelling changes nothing
    admin.get_by_role("button", name="Close chat").click()
    dialog = admin.get_by_role("dialog", name="Close this chat?")
    expect(dialog).to_contain_text("Closing Time can still read it but can no longer write")
    dialog.get_by_role("button", name="Cancel").click()
    expect(admin.get_by_label("Your reply")).to_be_enabled()

    # When it confirms, both sides see it closed, the boxes say why, and no new link is offered
    admin.get_by_role("button", name="Close chat").click()
    admin.get_by_role("dialog").get_by_role("button", name="Close chat").click()
    expect(customer.get_by_role("status").filter(has_text="This chat has been closed")).to_have_text(
        "This chat has been closed. You can still read it. "
        "To talk to support again, ask them to reopen it or for a new chat."
    )
    expect(customer.get_by_label("Your message")).to_be_disabled()
    expect(customer.get_by_label("Your message")).to_have_attribute("placeholder", "This chat is closed.")
    expect(admin.get_by_label("Your reply")).to_have_attribute(
        "placeholder", "This chat is closed. Reopen it to reply."
    )
    expect(admin.get_by_role("button", name="New link")).to_have_count(0)

    # When the admin reopens it, the customer can write again, live
    admin.get_by_role("button", name="Reopen chat").click()
    expect(customer.get_by_label("Your message")).to_be_enabled()
    expect(customer.get_by_text("This chat has been closed")).to_have_count(0)
    customer.get_by_label("Your message").fill("back again")
    customer.keyboard.press("Enter")
    expect(admin.get_by_role("log")).to_contain_text("back again")


def test_a_new_chat_appears_on_another_dashboard_without_reload(admin_page, chats):
    dashboard = admin_page()

    chats.create(name="Walk-in Customer")

    expect(dashboard.locator(".sessions")).to_contain_text("Walk-in Customer")


def test_unread_badge_and_search(admin_page, chats):
    dashboard = admin_page()
    chat = chats.create(name="Badge Person", email="badge@example.com")
    chats.send(chat["id"], "one")
    chats.send(chat["id"], "two")

    row = dashboard.locator(f"[data-chat-id='{chat['id']}']")
    expect(row.get_by_label("2 unread")).to_be_visible()
    dashboard.get_by_label("Search names, emails and messages").fill("badge@example")
    expect(dashboard.locator(".sessions li")).to_have_count(1)
    row.click()
    expect(row.get_by_label("2 unread")).to_have_count(0)


def test_a_row_shows_its_last_activity_and_a_search_without_matches_says_so(admin_page, chats):
    # Given a chat whose customer just wrote
    dashboard = admin_page()
    chat = chats.create(name="Timely Person")
    sent = chats.send(chat["id"], "what time is it?").body["message"]["created_at"]

    # Then its row shows when, with the exact time for machines and on hover
    activity = dashboard.locator(f"[data-chat-id='{chat['id']}'] time.activity")
    assert eventually(
        lambda: datetime.fromisoformat(activity.get_attribute("datetime")) == datetime.fromisoformat(sent)
    )
    expect(activity).to_have_attribute("title", re.compile(r"\d{4}"))

    # And a search nothing matches says so, rather than that there are no chats
    dashboard.get_by_label("Search names, emails and messages").fill("nobody by this name")
    expect(dashboard.get_by_text("No chats match.")).to_be_visible()


def test_unread_counts_agree_between_two_browsers_of_the_same_admin(admin_page, chats):
    # Given the same admin's dashboard open in two browsers, and two messages from a customer
    first, second = admin_page(), admin_page()
    chat = chats.create(name="Two Browsers")
    chats.send(chat["id"], "one")
    chats.send(chat["id"], "two")
    rows = [page.locator(f"[data-chat-id='{chat['id']}']") for page in (first, second)]
    for row in rows:
        expect(row.get_by_label("2 unread")).to_be_visible()

    # When the admin reads the chat in the first browser
    rows[0].click()
    expect(first.get_by_role("log")).to_contain_text("two")

    # Then the second browser's badge clears too, live, and stays cleared after a reload
    expect(rows[1].get_by_label("2 unread")).to_have_count(0)
    second.reload()
    expect(second.locator(f"[data-chat-id='{chat['id']}']")).to_be_visible()
    expect(second.locator(f"[data-chat-id='{chat['id']}']").locator(".badge")).to_have_count(0)


def test_each_chat_has_its_own_address_through_reload_back_and_forward(admin_page, chats):
    # Given the dashboard, then a chat opened from the list
    chat = chats.create(name="Addressed Person")
    dashboard = admin_page()
    list_address = dashboard.url
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard).to_have_url(re.compile(rf"\?chat={chat['id']}$"))

    # When the page reloads, the chat is still open
    dashboard.reload()
    expect(dashboard.get_by_role("heading", name="Addressed Person")).to_be_visible()

    # And back closes it, forward opens it again
    dashboard.go_back()
    expect(dashboard.get_by_role("heading", name="Addressed Person")).to_have_count(0)
    assert dashboard.url == list_address
    dashboard.go_forward()
    expect(dashboard.get_by_role("heading", name="Addressed Person")).to_be_visible()


def test_focus_goes_to_the_list_after_sign_in_and_to_the_reply_box_when_a_chat_opens(admin_page, chats):
    chat = chats.create(name="Focused Person")

    dashboard = admin_page()
    assert dashboard.evaluate("document.activeElement.id") == "chats-title"

    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard.get_by_label("Your reply")).to_be_focused()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_chat_waiting_for_a_reply_stays_on_top_of_newer_empty_chats(
    open_page, local_stack, chats, session_api, new_admin, viewport
):
    # Given an agent's chat whose customer wrote, then 32 newer empty chats, all the agent's
    email = f"waiting-{uuid.uuid4().hex[:8]}@chat.test"
    agent_id, _ = new_admin(name="Wait Watcher", email=email)
    waiting = chats.create(name="Waiting Customer")
    chats.send(waiting["id"], "hello, I need help with my order")
    for chat in [waiting, *(chats.create(name=f"Newer Empty {n}") for n in range(32))]:
        session_api.at("/assign")("POST", body={"chat_id": chat["id"], "assignee_id": agent_id})

    # When the agent looks at its chats
    dashboard = sign_in(open_page(f"{local_stack.web_url}/admin/", viewport), (email, NEW_ADMIN_PASSWORD))
    dashboard.get_by_label("Whose").select_option("Mine")

    # Then the waiting chat is the first row, on the screen, and the count says one waits
    rows = dashboard.locator(".sessions li button")
    expect(rows).to_have_count(33)
    expect(rows.first).to_contain_text("Waiting Customer")
    expect(rows.first).to_be_in_viewport(ratio=1)
    expect(dashboard.locator("#waiting-count")).to_have_text("1 waiting")

    # And once the agent replies, it takes its place by activity and nobody waits
    rows.first.click()
    dashboard.get_by_label("Your reply").fill("Happy to help!")
    dashboard.keyboard.press("Enter")
    expect(dashboard.get_by_role("log")).to_contain_text("Happy to help!")
    expect(dashboard.locator("#waiting-count")).to_have_count(0)
