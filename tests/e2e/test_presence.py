"""Who is there: online, typing, "Seen", the tab title, the agents by name."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    DESKTOP,
    HIDE_PAGE,
    PHONE,
    customer_link,
    sign_in,
)

# In the page: the order in which the typing indicator goes and the message (text) shows.
RECORD_TYPING_AND_MESSAGE = """(text) => {
  window.typingAndMessage = []
  const seen = (what) => window.typingAndMessage.includes(what)
  new MutationObserver(() => {
    if (!seen('message shown') && document.querySelector('[role=log]')?.textContent.includes(text)) {
      window.typingAndMessage.push('message shown')
    }
    if (!seen('typing gone') && !document.querySelector('.typing')) window.typingAndMessage.push('typing gone')
  }).observe(document.body, { childList: true, subtree: true, characterData: true })
}"""


def test_seen_appears_under_a_reply_once_the_customer_has_it_on_screen(admin_page, open_page, local_stack, chats):
    # Given the admin's reply in an open chat, sent before the customer came back
    dashboard = admin_page()
    chat = chats.create(name="Seen Person")
    chats.send(chat["id"], "is anyone there?")
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    chats.send(chat["id"], "yes, how can I help?", sender="admin")
    reply = dashboard.locator(".message.mine").filter(has_text="yes, how can I help?")
    expect(reply).to_contain_text("Sent")

    # When the customer opens the chat and the reply is on their screen
    customer = open_page(customer_link(local_stack, chats, chat))
    expect(customer.get_by_role("log")).to_contain_text("yes, how can I help?")

    # Then the dashboard shows it seen, live; and the customer's own message shows seen by support
    expect(reply).to_contain_text("Seen")
    expect(customer.locator(".message.mine").filter(has_text="is anyone there?")).to_contain_text("Seen")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_reply_the_customer_read_shows_as_read_not_only_the_newest(
    admin_page, open_page, local_stack, chats, viewport
):
    # Given two replies from the team, which the customer read and answered
    chat = chats.create(name="Reader Person")
    chats.send(chat["id"], "first reply", sender="admin")
    chats.send(chat["id"], "second reply", sender="admin")
    customer = open_page(customer_link(local_stack, chats, chat), viewport)
    expect(customer.get_by_role("log")).to_contain_text("second reply")
    customer.get_by_label("Your message").fill("thanks, both clear")
    customer.keyboard.press("Enter")

    # When the admin opens the chat
    dashboard = admin_page(viewport)
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()

    # Then the newest reply says "Seen", the earlier one carries the read mark, neither "Sent"
    replies = dashboard.locator(".message.ours")
    expect(replies.last).to_contain_text("Seen")
    expect(replies.first.get_by_role("img", name="Seen")).to_be_visible()
    expect(replies.filter(has_text="Sent")).to_have_count(0)


def keep_typing_until_shown(box, text, indicator, rounds=5):
    """Types on, as a person does, until the other side shows it. The dashboard may join the chat's
    channel after the first keystroke's broadcast; it hears the next, sent while typing goes on
    (TYPING_EVERY_MS in web/shared/typing.js), so each round outlasts that interval."""
    for _ in range(rounds):
        box.press_sequentially(text, delay=200)  # 18 keys × 0.2 s = 3.6 s > 3 s
        if indicator.is_visible():
            return
    expect(indicator).to_be_visible()


def test_typing_shows_on_the_other_side_and_goes_when_the_message_is_sent(admin_page, open_page, local_stack, chats):
    # Given a customer's page and the admin's dashboard on the same chat
    chat = chats.create(name="Typing Person")
    customer = open_page(customer_link(local_stack, chats, chat))
    expect(customer.get_by_text("Live")).to_be_visible()
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard.get_by_label("Your reply")).to_be_enabled()

    # When the customer types, the admin sees it; when the customer sends, it goes, and not
    # before the message shows (Realtime brings the message up to ~0.5 s after the broadcast)
    keep_typing_until_shown(
        customer.get_by_label("Your message"), "where is my order ", dashboard.get_by_text("Typing Person is typing…")
    )
    dashboard.evaluate(RECORD_TYPING_AND_MESSAGE, "where is my order")
    customer.keyboard.press("Enter")
    expect(dashboard.get_by_role("log")).to_contain_text("where is my order")
    expect(dashboard.get_by_text("Typing Person is typing…")).to_have_count(0)
    assert dashboard.evaluate("window.typingAndMessage") == ["message shown", "typing gone"]

    # And the other way round: the customer sees the agent typing, by name, until it clears the box
    dashboard.get_by_label("Your reply").press_sequentially("let me check", delay=50)
    expect(customer.get_by_text("Test Admin is typing…")).to_be_visible()
    dashboard.get_by_label("Your reply").fill("")
    dashboard.get_by_label("Your reply").dispatch_event("input")
    expect(customer.get_by_text("Test Admin is typing…")).to_have_count(0)


def test_the_tab_title_counts_replies_that_arrive_while_the_page_is_hidden(open_page, local_stack, chats):
    # Given the customer's page, then its tab hidden (another tab in front)
    chat = chats.create(name="Title Person")
    page = open_page(customer_link(local_stack, chats, chat))
    expect(page.get_by_text("Live")).to_be_visible()
    page.evaluate(HIDE_PAGE, "hidden")

    # When support replies twice
    chats.send(chat["id"], "hello there", sender="admin")
    chats.send(chat["id"], "are you still with us?", sender="admin")

    # Then the title counts them, and shows plain again once the tab is looked at
    expect(page).to_have_title("(2) Chat with support")
    page.evaluate(HIDE_PAGE, "visible")
    expect(page).to_have_title("Chat with support")


def test_presence_both_ways_follows_pages_opening_and_closing(admin_page, open_page, local_stack, chats):
    # Given two customers (the first left an email) on their chat pages while no admin is signed in
    first = chats.create(name="Present Person", email="present@example.com")
    second = chats.create(name="Listed Person", email=None)
    customer, listed = (open_page(customer_link(local_stack, chats, chat)) for chat in (first, second))
    support = customer.locator("#support-presence")
    expect(support).to_contain_text("we'll reply by email to present@example.com")
    expect(listed.locator("#support-presence")).to_contain_text("we'll reply here")

    # When an admin signs in
    dashboard = admin_page()

    # Then the customers see support online, by name, and the admin sees both customers online
    # in the list and, opening the first chat, in it
    expect(support).to_contain_text("Test Admin from support is online")
    first_row, second_row = (dashboard.locator(f"[data-chat-id='{chat['id']}']") for chat in (first, second))
    expect(second_row.get_by_role("img", name="online")).to_be_visible()
    first_row.click()
    expect(dashboard.locator("#customer-presence")).to_have_text("Online now")

    # When the customers close their pages, the dashboard shows them away: the open chat with
    # when it was last seen (Realtime Presence), the other in the list (the page's leave)
    customer.close(run_before_unload=True)
    expect(dashboard.locator("#customer-presence")).to_contain_text("Last seen")
    listed.close(run_before_unload=True)
    expect(second_row.get_by_role("img", name="away")).to_be_visible()

    # When the admin's page closes too, a customer page says support is away
    dashboard.close()
    again = open_page(customer_link(local_stack, chats, first))
    expect(again.locator("#support-presence")).to_contain_text("Support is away")


def test_screenshots_of_typing_presence_and_seen(admin_page, open_page, local_stack, chats, screenshot):
    # Given a conversation both sides have read, both pages open on it
    chat = chats.create(name="Grace Hopper", email="grace@example.com")
    chats.send(chat["id"], "Hi, my order #1042 has not arrived yet.")
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    chats.send(chat["id"], "Sorry about that! Let me look it up.", sender="admin")
    customer = open_page(customer_link(local_stack, chats, chat))
    expect(customer.get_by_role("log")).to_contain_text("Let me look it up.")
    expect(customer.get_by_text("Live")).to_be_visible()

    # When each side types
    customer.get_by_label("Your message").press_sequentially("Thanks, it was", delay=20)
    dashboard.get_by_label("Your reply").press_sequentially("It shipped yesterday", delay=20)

    # Then each page shows the other typing, online, and its own last message seen
    expect(dashboard.get_by_text("Grace Hopper is typing…")).to_be_visible()
    expect(dashboard.locator("#customer-presence")).to_have_text("Online now")
    expect(dashboard.locator(".message.mine").last).to_contain_text("Seen")
    expect(customer.get_by_text("Test Admin is typing…")).to_be_visible()
    expect(customer.locator("#support-presence")).to_contain_text("Test Admin from support is online")
    expect(customer.locator(".message.mine").last).to_contain_text("Seen")
    paths = [screenshot(dashboard, "admin-typing-presence-seen"), screenshot(customer, "customer-typing-presence-seen")]
    assert all(path.stat().st_size > 0 for path in paths)


def test_two_admins_in_one_chat_see_each_other_and_each_others_typing(
    admin_page, open_page, local_stack, chats, second_admin_credentials
):
    # Given two admins with the same chat open, and its customer on the page
    chat = chats.create(name="Shared Person")
    first = admin_page()
    second = sign_in(open_page(f"{local_stack.web_url}/admin/"), second_admin_credentials)
    customer = open_page(customer_link(local_stack, chats, chat))
    for dashboard in (first, second):
        dashboard.locator(f"[data-chat-id='{chat['id']}']").click()

    # Then each sees the other there
    expect(first.locator("#colleagues")).to_have_text("Also here: Second Admin")
    expect(second.locator("#colleagues")).to_have_text("Also here: Test Admin")

    # When the second starts a reply, the first sees it before sending its own
    second.get_by_label("Your reply").press_sequentially("I'll take this one", delay=30)
    expect(first.get_by_text("Second Admin (support) is typing a reply…")).to_be_visible()

    # And the customer sees who is typing (the second still at it: a pause of 4 s says "stopped"),
    # but nothing of who is looking
    second.get_by_label("Your reply").press_sequentially(" now", delay=30)
    expect(customer.get_by_text("Second Admin is typing…")).to_be_visible()
    expect(customer.get_by_text("Also here")).to_have_count(0)

    # When the second leaves the chat, the first no longer sees it there
    second.close()
    expect(first.locator("#colleagues")).to_have_count(0)
