"""Files: pasted, dropped, cancelled, refused."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import requests
from playwright.sync_api import expect

from tests.support.browser import (
    accessibility_violations,
    customer_link,
)
from tests.support.content import png_image

# Hands files to the page as a paste into the message box or a drop on the composer would.
GIVE_FILES = """([how, name, type, base64]) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  const data = new DataTransfer()
  data.items.add(new File([bytes], name, { type }))
  const event = how === 'paste'
    ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
    : new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })
  document.querySelector(how === 'paste' ? '#message' : '#composer').dispatchEvent(event)
}"""


def _give(page, how: str, name: str, content_type: str, data: bytes) -> None:
    page.evaluate(GIVE_FILES, [how, name, content_type, base64.b64encode(data).decode()])


def test_a_pasted_screenshot_reaches_the_admin_as_a_preview_and_downloads_byte_identical(
    admin_page, open_page, local_stack, chats, screenshot
):
    # Given a customer on its chat and the admin with the chat open
    chat = chats.create(name="Pasting Person")
    customer = open_page(customer_link(local_stack, chats, chat))
    customer.get_by_text("Live").wait_for()
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    screen = png_image(320, 200)

    # When the customer pastes a screenshot and sends it with no words
    _give(customer, "paste", "screenshot.png", "image/png", screen)
    expect(customer.get_by_role("list", name="Files to send")).to_contain_text("screenshot.png")
    customer.get_by_label("Your message").press("Enter")

    # Then both pages show it as a preview, and the admin's click opens the very same bytes
    for page in (customer, dashboard):
        preview = page.get_by_role("log").get_by_role("img", name="screenshot.png")
        expect(preview).to_be_visible()
        page.wait_for_function("img => img.complete && img.naturalWidth === 320", arg=preview.element_handle())
    assert accessibility_violations(customer) == [] and accessibility_violations(dashboard) == []
    screenshot(customer, "customer-attachment-preview")
    screenshot(dashboard, "admin-attachment-preview")
    with dashboard.expect_popup() as opened:
        dashboard.get_by_role("link", name=re.compile("Open screenshot.png")).click()
    assert requests.get(opened.value.url, timeout=10).content == screen


def test_a_dropped_pdf_reaches_the_customer_as_a_download(admin_page, open_page, local_stack, chats):
    # Given the admin in a chat and its customer on the page
    chat = chats.create(name="Invoice Person")
    customer = open_page(customer_link(local_stack, chats, chat))
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    pdf = b"%PDF-1.4\n% an invoice\ntrailer <<>>\n%%EOF\n"

    # When the admin drops a PDF on the reply box and sends it with words
    _give(dashboard, "drop", "Invoice 7.pdf", "application/pdf", pdf)
    dashboard.get_by_label("Your reply").fill("Here is your invoice")
    dashboard.get_by_label("Your reply").press("Enter")

    # Then the customer gets a chip that downloads exactly that file, by its name
    chip = customer.get_by_role("button", name=re.compile("Download Invoice 7.pdf"))
    expect(chip).to_be_visible()
    with customer.expect_download() as downloading:
        chip.click()
    assert downloading.value.suggested_filename == "Invoice 7.pdf"
    assert Path(downloading.value.path()).read_bytes() == pdf


def test_an_upload_in_progress_can_be_cancelled_and_nothing_is_sent(open_page, local_stack, chats, db):
    # Given a customer whose upload to S3 hangs
    chat = chats.create(name="Cancelling Person")
    held = []
    customer = open_page(
        customer_link(local_stack, chats, chat),
        before=lambda page: page.route(f"http://localhost:{local_stack.ports.s3}/**", lambda route: held.append(route)),
    )
    customer.get_by_text("Live").wait_for()
    _give(customer, "paste", "big.png", "image/png", png_image(40, 40))
    customer.get_by_label("Your message").press("Enter")
    expect(customer.get_by_role("status").filter(has_text="Uploading")).to_be_visible()

    # When the customer cancels it
    customer.get_by_role("button", name="Cancel").click()

    # Then it leaves the page, and no message was stored
    expect(customer.locator(".pending")).to_have_count(0)
    assert db.execute("select count(*) as n from chat_messages where chat_id = %s", (chat["id"],)).fetchone()["n"] == 0


def test_a_file_of_a_refused_type_says_so_in_plain_words(open_page, local_stack, chats):
    chat = chats.create(name="Html Person")
    customer = open_page(customer_link(local_stack, chats, chat), tolerate=("status of 415",))
    customer.get_by_text("Live").wait_for()

    customer.locator("input[type=file]").set_input_files(
        files=[{"name": "page.html", "mimeType": "text/html", "buffer": b"<html></html>"}]
    )
    customer.get_by_label("Your message").press("Enter")

    expect(customer.locator(".pending.failed")).to_contain_text("Files of this type can't be attached.")
    customer.get_by_role("button", name="Discard").click()
    expect(customer.locator(".pending")).to_have_count(0)
