"""The pages as CloudFront serves them: under its security headers."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.support.browser import (
    customer_link,
)
from tools.pages import content_security_policy, security_headers


def test_the_pages_work_under_the_security_headers_cloudfront_sends(open_page, local_stack, chats):
    # Given the pages' origin sending, on every file, the headers template.yaml makes CloudFront send
    expected = security_headers(
        content_security_policy(
            local_stack.api_url, local_stack.supabase_url, local_stack.attachments_settings()["ATTACHMENTS_S3_ENDPOINT"]
        )
    )
    chat = chats.create(name="Under Policy")
    served: list[Any] = []

    def watch(page: Any) -> None:
        page.on("response", lambda r: served.append(r) if r.url.startswith(local_stack.web_url) else None)

    # When the customer opens the link and writes (open_page fails on any CSP violation logged)
    page = open_page(customer_link(local_stack, chats, chat), before=watch)
    expect(page.get_by_text("Live")).to_be_visible()
    page.get_by_label("Your message").fill("does this work under the policy?")
    page.keyboard.press("Enter")

    # Then the page works, and every file it loaded from its origin carried every header
    expect(page.get_by_role("log")).to_contain_text("does this work under the policy?")
    loaded = {urlparse(r.url).path for r in served}
    assert {"/chat", "/config.js", "/vendor/supabase.js", "/vendor/preact.mjs", "/shared/styles.css"} <= loaded
    missing = {
        urlparse(r.url).path: name for r in served for name, value in expected.items() if r.header_value(name) != value
    }
    assert missing == {}
