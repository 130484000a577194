"""Typing and presence latency, and the database writes an open customer page causes, on a
fresh local stack in Chromium:

  * typing: a keystroke in one page -> "… is typing…" shown in the other, both ways;
  * leave: the customer's page closes -> the dashboard shows it away, in the open chat
    (Realtime Presence) and in the chat list (the page's keepalive leave, over chat_presence);
    the dashboard closes -> the customer page says support is away;
  * writes: rows inserted, updated or deleted per minute while one customer page sits open,
    beside the same window with no page open (the baseline).

p50/p95 over --samples of each (both pages' clocks are this machine's).

    make bench   (or: PYTHONPATH=lib:. .venv/bin/python bench/presence_bench.py --samples 20)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import requests
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from bench.realtime_latency import percentile  # noqa: E402
from local import chromium  # noqa: E402
from local.admins import create_admin  # noqa: E402

ADMIN = ("bench@example.com", "bench password", "Bench Agent")

# When the element matching a selector first appears (or its text first matches), on the
# page's clock: window.firstSeen[name].
WATCH = """([name, selector, pattern]) => {
  window.firstSeen ??= {}
  delete window.firstSeen[name]
  const check = () => {
    const element = document.querySelector(selector)
    if (element && (!pattern || new RegExp(pattern).test(element.textContent))) window.firstSeen[name] ??= Date.now()
  }
  new MutationObserver(check)
    .observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true })
  check()
}"""
# A stats snapshot: rows written to our tables so far.
WRITES = """
select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint as rows
from pg_stat_user_tables where schemaname in ('public', 'chat_private')
"""
STATS_FLUSH_S = 11  # an idle backend's pending counters reach pg_stat after at most 10 s (PGSTAT_IDLE_INTERVAL)


def seen(page: Page, name: str, timeout: float = 15.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at = page.evaluate(f"window.firstSeen?.['{name}'] ?? null")
        if at is not None:
            return float(at)
        time.sleep(0.02)
    raise AssertionError(f"{name} never showed")


def keystroke_to_indicator(typist: Page, box: str, watcher: Page) -> float:
    """One keystroke in `typist` -> the indicator in `watcher`; then the box is cleared and the
    indicator waited away, so the next sample starts from nothing shown."""
    watcher.evaluate(WATCH, ["typing", "p.typing", ""])
    pressed_at = typist.evaluate("Date.now()")
    typist.get_by_label(box).press("x")
    latency = seen(watcher, "typing") - pressed_at
    typist.get_by_label(box).fill("")
    typist.get_by_label(box).dispatch_event("input")
    watcher.locator("p.typing").wait_for(state="detached")
    return latency


def sign_in(browser: Browser, web_url: str) -> Page:
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{web_url}/admin/")
    page.get_by_label("Email", exact=True).fill(ADMIN[0])
    page.get_by_label("Password", exact=True).fill(ADMIN[1])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Live").wait_for()
    return page


def open_customer(browser: Browser, link: str) -> Page:
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(link)
    page.get_by_text("Live").wait_for()
    return page


def writes(database_url: str) -> int:
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(WRITES).fetchone()
        assert row is not None
        return int(row[0])


def writes_over(database_url: str, seconds: float) -> int:
    before = writes(database_url)
    time.sleep(seconds + STATS_FLUSH_S)
    return writes(database_url) - before


def summary(values: list[float]) -> tuple[float, float]:
    return round(statistics.median(values), 1), round(percentile(values, 0.95), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--window", type=float, default=60.0, help="seconds per writes window")
    args = parser.parse_args()

    figures: dict[str, Any] = {"samples": args.samples}
    with running_stack() as stack:
        create_admin(stack.database_url, *ADMIN)
        with psycopg.connect(stack.database_url, autocommit=True) as conn:  # pages come and go faster than people
            conn.execute("update chat_private.rate_limits set max_events = 100000 where action = 'presence_per_chat'")
        token = requests.post(
            f"{stack.supabase_url}/auth/v1/token?grant_type=password",
            json={"email": ADMIN[0], "password": ADMIN[1]},
            headers={"apikey": stack.keys.publishable},
            timeout=10,
        ).json()["access_token"]
        created = requests.post(
            f"{stack.api_url}/chat-session",
            json={"customer_name": "Bench Customer", "customer_email": "bench@example.com"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()
        chat_id, link = created["session"]["id"], created["link"]
        other_id = requests.post(
            f"{stack.api_url}/chat-session",
            json={"customer_name": "Another Customer"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()["session"]["id"]

        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            dashboard = sign_in(browser, stack.web_url)
            dashboard.locator(f"[data-chat-id='{chat_id}']").click()
            customer = open_customer(browser, link)
            dashboard.locator("#customer-presence", has_text="Online now").wait_for()

            to_admin = [keystroke_to_indicator(customer, "Your message", dashboard) for _ in range(args.samples)]
            to_customer = [keystroke_to_indicator(dashboard, "Your reply", customer) for _ in range(args.samples)]

            in_chat, in_list, support_away = [], [], []
            away_in_list = f"[data-chat-id='{chat_id}'] [role=img][aria-label=away]"
            for _ in range(max(3, args.samples // 2)):
                # With the chat open: Realtime Presence says the customer left.
                dashboard.evaluate(WATCH, ["chat", "#customer-presence", "^Last seen"])
                closed_at = time.time() * 1000
                customer.close(run_before_unload=True)  # pagehide: the keepalive leave goes out too
                in_chat.append(seen(dashboard, "chat") - closed_at)
                customer = open_customer(browser, link)
                dashboard.locator("#customer-presence", has_text="Online now").wait_for()
                # With another chat open: the list hears the page's leave through chat_presence.
                dashboard.locator(f"[data-chat-id='{other_id}']").click()
                dashboard.locator(f"[data-chat-id='{chat_id}'] [role=img][aria-label=online]").wait_for()
                dashboard.evaluate(WATCH, ["list", away_in_list, ""])
                closed_at = time.time() * 1000
                customer.close(run_before_unload=True)
                in_list.append(seen(dashboard, "list") - closed_at)
                customer = open_customer(browser, link)
                dashboard.locator(f"[data-chat-id='{chat_id}']").click()
                dashboard.locator("#customer-presence", has_text="Online now").wait_for()

            for _ in range(max(3, args.samples // 4)):
                customer.evaluate(WATCH, ["support", "#support-presence", "Support is away"])
                closed_at = time.time() * 1000
                dashboard.close(run_before_unload=True)
                support_away.append(seen(customer, "support") - closed_at)
                dashboard = sign_in(browser, stack.web_url)
                customer.locator("#support-presence", has_text="is online").wait_for()

            # Writes: the dashboard away (it writes nothing idle), the customer page open, idle.
            dashboard.close()
            time.sleep(STATS_FLUSH_S)
            with_page = writes_over(stack.database_url, args.window)
            customer.close()
            time.sleep(STATS_FLUSH_S)
            baseline = writes_over(stack.database_url, args.window)
            browser.close()

    per_minute = 60.0 / args.window
    rows = [
        ("typing, customer -> dashboard", "typing_to_admin", to_admin),
        ("typing, dashboard -> customer", "typing_to_customer", to_customer),
        ("customer leaves -> open chat shows it", "leave_open_chat", in_chat),
        ("customer leaves -> chat list shows it", "leave_chat_list", in_list),
        ("support leaves -> customer page shows it", "support_leave", support_away),
    ]
    print(f"typing and presence on the local stack, Chromium, p50/p95 over {args.samples} samples:")
    for label, key, values in rows:
        p50, p95 = summary(values)
        figures[f"{key}_p50_ms"], figures[f"{key}_p95_ms"] = p50, p95
        print(f"  {label:<42} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (n={len(values)})")
    page_writes = (with_page - baseline) * per_minute
    figures.update(
        writes_per_minute_page_open=round(with_page * per_minute, 1),
        writes_per_minute_baseline=round(baseline * per_minute, 1),
        writes_per_minute_per_page=round(page_writes, 1),
    )
    print(
        f"  database rows written per minute: page open {with_page * per_minute:.1f}, "
        f"baseline {baseline * per_minute:.1f}: {page_writes:.1f} per open customer page, idle"
    )
    record("presence", figures)


if __name__ == "__main__":
    main()
