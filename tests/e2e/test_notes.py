"""Private notes for the team, live, never to the customer."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import (
    accessibility_violations,
    customer_link,
    sign_in,
)


def test_a_private_note_reaches_the_team_live_and_never_the_customer(
    admin_page, open_page, local_stack, chats, second_admin_credentials
):
    # Given two admins and the customer on one chat
    chat = chats.create(name="Noted Person")
    chats.send(chat["id"], "I was double charged")
    customer = open_page(customer_link(local_stack, chats, chat))
    colleague = sign_in(open_page(f"{local_stack.web_url}/admin/"), second_admin_credentials)
    dashboard = admin_page()
    for page in (dashboard, colleague):
        page.locator(f"[data-chat-id='{chat['id']}']").click()
        page.get_by_text("Notes for the team").click()

    # When the admin adds a note for the team
    dashboard.get_by_label("A note for the team").fill("Refund approved by finance, ticket 4411")
    dashboard.get_by_role("button", name="Add note").click()

    # Then the colleague sees it at once, shown apart from the conversation; the customer never
    notes = colleague.get_by_role("list", name="Notes for the team")
    expect(notes).to_contain_text("Test Admin: Refund approved by finance, ticket 4411")
    expect(colleague.get_by_role("log")).not_to_contain_text("ticket 4411")
    assert accessibility_violations(colleague) == []
    expect(customer.get_by_role("log")).to_contain_text("I was double charged")
    expect(customer.get_by_text("ticket 4411")).to_have_count(0)
