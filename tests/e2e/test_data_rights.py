"""An owner's data requests from the dashboard."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.support.browser import (
    accessibility_violations,
    from_menu,
)


def test_an_owner_erases_a_customer_from_the_dashboard_after_typing_its_email_again(admin_page, chats, db):
    # Given a customer's chat on the dashboard
    email = f"forget-{uuid.uuid4().hex[:8]}@example.com"
    chat = chats.create(name="Forget Me", email=email)
    chats.send(chat["id"], "Please delete my data")
    dashboard = admin_page()
    expect(dashboard.locator(f"[data-chat-id='{chat['id']}']")).to_be_visible()

    # When the owner asks to erase it, and confirms by typing the email again
    from_menu(dashboard, "Customer data")
    dashboard.get_by_label("Customer email").fill(email)
    dashboard.get_by_role("button", name="Erase…").click()
    erase = dashboard.get_by_role("button", name="Erase for good")
    expect(erase).to_be_disabled()
    assert accessibility_violations(dashboard) == []
    dashboard.get_by_label("Type the email again to erase").fill(email.upper())
    erase.click()

    # Then the dialog says what went, the chat leaves the list, and the database has none of it
    expect(dashboard.get_by_role("status").filter(has_text="Erased 1 chats")).to_contain_text("1 messages")
    expect(dashboard.locator(f"[data-chat-id='{chat['id']}']")).to_have_count(0)
    assert db.execute("select count(*) from public.chat_sessions where id = %s", (chat["id"],)).fetchone()["count"] == 0
