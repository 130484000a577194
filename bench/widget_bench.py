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

import psycopg
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


def host_cost(browser: Any, url: str) -> tuple[float, float]:
    """(all tasks, script) on the host page's main thread from navigation until a quiet second
    after load, in ms: Chrome's own counters (CDP Performance, enabled before navigating). The
    widget's frame, when there is one, is another site's process and not counted here."""
    context = browser.new_context()
    page: Page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Performance.enable", {"timeDomain": "threadTicks"})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)  # the async loader has run, and anything it scheduled
    metrics = {item["name"]: item["value"] for item in session.send("Performance.getMetrics")["metrics"]}
    context.close()
    return metrics["TaskDuration"] * 1000, metrics["ScriptDuration"] * 1000


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
        # Every run is another visitor; here they all come from 127.0.0.1, whose 6 starts in 12
        # hours would end the bench (the limit, not the widget, would be measured).
        with psycopg.connect(stack.database_url, autocommit=True) as conn:
            conn.execute("update chat_private.rate_limits set max_events = 1000 where action = 'start_per_address'")
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
