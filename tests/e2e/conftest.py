"""Browser fixtures: Debian's Chromium driven by Playwright, the pages served by the local
stack from another origin than the API (so CORS is real)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

from local import chromium
from tests.support.browser import AXE, DESKTOP, create_chat_in, sign_in
from tests.support.host_site import HostSite

# `make test` runs two pytest workers on two cores: while the other runs 20 handler processes
# or a fuzz pass, a page's first Realtime join can take longer than Playwright's default 5 s.
expect.set_options(timeout=15_000)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(chromium.CHROMIUM).exists(), "make setup installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Any]:
    """open_page(url, viewport=DESKTOP, refused=False, tolerate=(), before=None, color_scheme="light")
    -> a page in a fresh context (before(page) runs before it loads: routes, for instance).

    Console errors fail the test; with refused=True the browser's own line for the API's 401
    (the expected answer to a bad link) is allowed, and so is any line containing one of
    `tolerate` (what a test provokes on purpose).
    """
    contexts, errors = [], []

    def _open(
        url: str,
        viewport: ViewportSize = DESKTOP,
        refused: bool = False,
        tolerate: tuple[str, ...] = (),
        before: Any = None,
        color_scheme: Literal["light", "dark"] = "light",
    ) -> Page:
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(path=str(AXE))
        expected = (*tolerate, *(["the server responded with a status of 401"] if refused else []))

        def on_console(message: Any) -> None:
            if message.type == "error" and not any(text in message.text for text in expected):
                errors.append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(str(error)))
        # A server error is a failure too, and names the request the console line is about.
        page.on(
            "response",
            lambda response: (
                errors.append(f"{response.status} from {response.url}") if response.status >= 500 else None
            ),
        )
        if before:
            before(page)
        page.goto(url)
        return page

    yield _open
    # What the pages logged while the test ran; closing them can cut requests in flight.
    logged = list(errors)
    for context in contexts:
        context.close()
    assert logged == [], f"the pages logged errors: {logged}"


@pytest.fixture
def admin_page(open_page: Any, local_stack: Any, admin_credentials: tuple[str, str]) -> Any:
    """sign_in(viewport=DESKTOP, color_scheme="light") -> the dashboard, signed in as the admin."""

    def _sign_in(viewport: ViewportSize = DESKTOP, color_scheme: str = "light") -> Page:
        return sign_in(
            open_page(f"{local_stack.web_url}/admin/", viewport, color_scheme=color_scheme), admin_credentials
        )

    return _sign_in


@pytest.fixture
def create_chat_from_dashboard() -> Any:
    return create_chat_in


@pytest.fixture
def screenshot() -> Any:
    def _take(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take


@pytest.fixture(scope="session")
def host_site(local_stack: Any) -> Iterator[HostSite]:
    """A business's own website (another origin) that embeds the widget."""
    site = HostSite(local_stack.web_url).start()
    yield site
    site.stop()


@pytest.fixture(scope="session")
def other_site(local_stack: Any) -> Iterator[HostSite]:
    """A website no site lists: it cannot frame the widget nor start a chat."""
    site = HostSite(local_stack.web_url).start()
    yield site
    site.stop()
