"""Files: pasted, dropped, cancelled, refused."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.support.browser import (
    DESKTOP,
    PHONE,
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


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_wrong_files_are_refused_by_name_when_chosen_and_the_rest_is_sent(open_page, local_stack, chats, viewport):
    # Given a customer who typed a message
    chat = chats.create(name="Files Person")
    customer = open_page(customer_link(local_stack, chats, chat), viewport)
    customer.get_by_text("Live").wait_for()
    customer.get_by_label("Your message").fill("Here are my files")

    # When it chooses a web page, a program, a PDF of 11.6 MB and a text file
    customer.locator("input[type=file]").set_input_files(
        files=[
            {"name": "page.html", "mimeType": "text/html", "buffer": b"<html></html>"},
            {"name": "setup.exe", "mimeType": "application/x-msdownload", "buffer": b"MZ" + b"\0" * 64},
            {"name": "big.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-" + b"\0" * 11_599_995},
            {"name": "note.txt", "mimeType": "text/plain", "buffer": b"the order number is 1042"},
        ]
    )

    # Then each wrong file is refused at once, by name and why; the text and the good file stay
    refusals = customer.get_by_role("alert")
    expect(refusals.get_by_role("listitem")).to_have_text(
        [
            "“page.html” can't be attached: files of this type aren't accepted. "
            "Images, PDF, text and office documents are.",
            "“setup.exe” can't be attached: files of this type aren't accepted. "
            "Images, PDF, text and office documents are.",
            "“big.pdf” is 11.6 MB: a file can be at most 10.5 MB.",
        ]
    )
    expect(customer.get_by_label("Files to send")).to_have_text(re.compile(r"^note\.txt"))
    expect(customer.get_by_label("Your message")).to_have_value("Here are my files")
    assert accessibility_violations(customer) == []

    # And Send sends the text with the good file, and the refusals go
    customer.get_by_label("Your message").press("Enter")
    expect(customer.get_by_role("log").locator(".message").last).to_contain_text("Here are my files")
    expect(customer.get_by_role("log").get_by_role("button", name=re.compile("Download note.txt"))).to_be_visible()
    expect(customer.get_by_role("alert")).to_have_count(0)


def test_a_file_the_server_refuses_on_send_can_be_left_out_and_the_message_sent(open_page, local_stack, chats):
    # Given a message whose "image" is not one (the API reads its first bytes when it is sent)
    chat = chats.create(name="Fake Image Person")
    customer = open_page(customer_link(local_stack, chats, chat), tolerate=("status of 4",))
    customer.get_by_text("Live").wait_for()
    customer.get_by_label("Your message").fill("my receipt")
    customer.locator("input[type=file]").set_input_files(
        files=[{"name": "receipt.png", "mimeType": "image/png", "buffer": b"this is not a png at all"}]
    )
    customer.get_by_label("Your message").press("Enter")
    failed = customer.locator(".pending.failed")
    expect(failed).to_contain_text("content doesn't match its type")

    # When the customer leaves the file out and retries
    failed.get_by_role("button", name="Send without receipt.png").click()
    failed.get_by_role("button", name="Retry").click()

    # Then the text is sent, nothing is lost
    expect(customer.locator(".pending")).to_have_count(0)
    expect(customer.get_by_role("log").locator(".message").last).to_contain_text("my receipt")
