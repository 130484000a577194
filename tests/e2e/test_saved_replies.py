"""The team's saved replies: kept, found with a slash, put away with Escape."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import (
    accessibility_violations,
    from_menu,
)


def test_saved_replies_are_kept_by_the_team_and_found_with_a_slash(admin_page, chats, db):
    # Given an admin who saves a reply, on a team with none saved yet
    db.execute("delete from chat_private.saved_replies")
    chat = chats.create(name="Slash Person")
    dashboard = admin_page()
    from_menu(dashboard, "Saved replies")
    dialog = dashboard.get_by_role("dialog", name="Saved replies")
    dialog.get_by_label("title").fill("Shipping times")
    dialog.get_by_label("Text").fill("Orders ship within two working days.")
    dialog.get_by_role("button", name="Save reply").click()
    expect(dialog.get_by_role("button", name="Edit Shipping times")).to_be_visible()
    assert accessibility_violations(dashboard) == []
    dialog.get_by_role("button", name="Done").click()

    try:
        # When, in a chat, the admin types "/" and part of its title, then picks it by keyboard
        dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
        box = dashboard.get_by_label("Your reply")
        box.press_sequentially("/ship")
        expect(dashboard.get_by_role("option", name=re.compile("Shipping times"))).to_have_attribute(
            "aria-selected", "true"
        )
        assert accessibility_violations(dashboard) == []
        box.press("Enter")

        # Then the reply's text is in the box, and Enter sends it
        expect(box).to_have_value("Orders ship within two working days.")
        box.press("Enter")
        expect(dashboard.get_by_role("log")).to_contain_text("Orders ship within two working days.")
    finally:
        db.execute("delete from chat_private.saved_replies")


def test_escape_puts_the_offer_away_and_the_slash_text_stays(admin_page, chats, message_api, db):
    db.execute("delete from chat_private.saved_replies")
    message_api.at("/replies")("POST", body={"title": "Greeting", "body": "Hello!"})
    chat = chats.create(name="Escape Person")
    try:
        dashboard = admin_page()
        dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
        box = dashboard.get_by_label("Your reply")
        box.press_sequentially("/gre")
        expect(dashboard.get_by_role("listbox", name="Saved replies")).to_be_visible()

        box.press("Escape")

        expect(dashboard.get_by_role("listbox", name="Saved replies")).to_have_count(0)
        expect(box).to_have_value("/gre")
    finally:
        db.execute("delete from chat_private.saved_replies")
