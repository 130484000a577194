"""Transcripts and exports, downloaded from the pages."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import expect

from tests.support.browser import (
    accessibility_violations,
    customer_link,
    from_menu,
)


def test_the_admin_downloads_a_chats_printable_transcript(admin_page, chats):
    chat = chats.create(name="Transcript Person")
    chats.send(chat["id"], "Where is my parcel?")
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()

    dashboard.get_by_text("Transcript", exact=True).click()
    assert accessibility_violations(dashboard) == []
    with dashboard.expect_download() as download:
        dashboard.get_by_role("button", name="Printable page").click()

    page = Path(download.value.path()).read_text()
    assert download.value.suggested_filename.endswith(".html")
    assert "<h1>Chat with Transcript Person</h1>" in page and "Where is my parcel?" in page


def test_the_customer_downloads_its_transcript_without_the_teams_notes(open_page, local_stack, chats, message_api):
    chat = chats.create(name="Own Copy")
    chats.send(chat["id"], "Thanks for the help", sender="admin")
    message_api.at("/notes")("POST", body={"chat_id": chat["id"], "body": "Secret team note"})
    customer = open_page(customer_link(local_stack, chats, chat))
    expect(customer.get_by_text("Live")).to_be_visible()

    customer.get_by_text("Transcript", exact=True).click()
    with customer.expect_download() as download:
        customer.get_by_role("button", name="Plain text").click()

    text = Path(download.value.path()).read_text()
    assert "Test Admin: Thanks for the help" in text and "Secret team note" not in text


def test_an_admin_exports_todays_chats_as_csv(admin_page, chats):
    chat = chats.create(name="Exported Today")
    chats.send(chat["id"], "Counted in the export")
    dashboard = admin_page()

    from_menu(dashboard, "Export chats")
    assert accessibility_violations(dashboard) == []
    with dashboard.expect_download() as download:
        dashboard.get_by_role("button", name="Download").click()

    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(), newline="")))
    assert download.value.suggested_filename.endswith(".csv")
    assert ("Exported Today", "Counted in the export") in {(row["customer_name"], row["content"]) for row in rows}
