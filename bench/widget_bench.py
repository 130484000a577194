"""The widget on a host page, in Chromium: what the loader weighs (gzip), what it costs the host
page's main thread (Chrome's own task and script time, CDP Performance metrics, after load and a
quiet second), against the same page without the tag measured in the same run; and how long
from a click on the launcher until the widget is ready (the pre-chat form for a first visit;
the conversation, with its messages, for a returning visitor). Median of --runs fresh contexts.

    make bench   (or: PYTHONPATH=lib:. .venv/bin/python bench/widget_bench.py --runs 7)
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from local import chromium  # noqa: E402
from local.admins import create_admin, password_grant  # noqa: E402
from tests.support.host_site import HostSite  # noqa: E402
from tools.pages import LOADER  # noqa: E402

ADMIN = ("widget-bench@chat.test", "widget-bench-password", "Bench Owner")
FRAME = "iframe[title='Chat with support']"


def main_thread_ms(page: Page) -> tuple[float, float]:
    """(all tasks, script) on the page's main thread so far, in ms (CDP Performance)."""
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    metrics = {item["name"]: item["value"] for item in session.send("Performance.getMetrics")["metrics"]}
    return metrics["TaskDuration"] * 1000, metrics["ScriptDuration"] * 1000


def host_cost(browser: Any, url: str) -> tuple[float, float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)  # the async loader has run, and anything it scheduled
    cost = main_thread_ms(page)
    context.close()
    return cost


def open_to_ready(browser: Any, url: str, ready: str) -> float:
    """ms from the launcher's click until `ready` shows in the widget."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    launcher = page.get_by_role("button", name="Chat with support")
    launcher.wait_for()
    started = time.perf_counter()
    launcher.click()
    page.frame_locator(FRAME).locator(ready).first.wait_for()
    elapsed = (time.perf_counter() - started) * 1000
    context.close()
    return elapsed


def returning_open_to_ready(browser: Any, url: str) -> float:
    """ms from the click until a returning visitor's conversation shows its messages."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.get_by_role("button", name="Chat with support").click()
    widget = page.frame_locator(FRAME)
    widget.get_by_label("Your message").fill("a question for the bench")
    widget.get_by_role("button", name="Start chat").click()
    widget.get_by_role("log").get_by_text("a question for the bench").wait_for()
    page.reload(wait_until="load")
    page.wait_for_timeout(500)  # the loader has settled (a chat in progress loads the frame at once)
    started = time.perf_counter()
    page.get_by_role("button", name="Chat with support").click()
    page.frame_locator(FRAME).get_by_role("log").get_by_text("a question for the bench").wait_for()
    elapsed = (time.perf_counter() - started) * 1000
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    loader_gzip = len(gzip.compress(LOADER.read_bytes(), compresslevel=9))

    with running_stack() as stack:
        create_admin(stack.database_url, *ADMIN, role="owner")
        token = password_grant(stack.supabase_url, stack.keys.publishable, ADMIN[0], ADMIN[1])["access_token"]
        host = HostSite(stack.web_url).start()
        site = requests.post(
            f"{stack.api_url}/chat-session/sites",
            json={"name": "Bench Shop", "origins": [host.origin]},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            with_tag = [host_cost(browser, host.url(site["site_key"])) for _ in range(args.runs)]
            without = [host_cost(browser, host.url("")) for _ in range(args.runs)]
            url = host.url(site["site_key"])
            first_visit = [open_to_ready(browser, url, "text=Start chat") for _ in range(args.runs)]
            returning = [returning_open_to_ready(browser, url) for _ in range(args.runs)]
            browser.close()
        host.stop()

    task_with = statistics.median(cost[0] for cost in with_tag)
    task_without = statistics.median(cost[0] for cost in without)
    script_with = statistics.median(cost[1] for cost in with_tag)
    script_without = statistics.median(cost[1] for cost in without)
    figures: dict[str, float | int | str] = {
        "loader_gzip_bytes": loader_gzip,
        "host_main_thread_ms_with_loader": round(task_with, 1),
        "host_main_thread_ms_without": round(task_without, 1),
        "host_main_thread_ms_added": round(task_with - task_without, 1),
        "host_script_ms_with_loader": round(script_with, 1),
        "host_script_ms_without": round(script_without, 1),
        "open_to_ready_ms_first_visit": round(statistics.median(first_visit), 1),
        "open_to_ready_ms_returning": round(statistics.median(returning), 1),
    }
    record("widget", figures)
    print(f"loader: {loader_gzip} bytes gzipped (limit 6,144)")
    print(
        f"host page main thread, median of {args.runs}: {task_with:.1f} ms with the loader, "
        f"{task_without:.1f} ms without (x{task_with / task_without:.2f}); "
        f"script {script_with:.1f} vs {script_without:.1f} ms"
    )
    print(f"open to ready (first visit, the pre-chat form): {statistics.median(first_visit):.0f} ms median")
    print(
        "open to ready (returning, its conversation; the frame loaded with the page): "
        f"{statistics.median(returning):.0f} ms"
    )


if __name__ == "__main__":
    main()
