"""Send -> rendered latency: the admin sends through the API, the customer's page (Chromium)
renders the message from Realtime. Median and p95 over 50 messages on a fresh local stack,
beside the API's own send round trip measured in the same run.

    make bench-latency   (or: PYTHONPATH=lib:. .venv/bin/python bench/realtime_latency.py --messages 50)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import psycopg
import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from local import chromium  # noqa: E402
from local.admins import create_admin, password_grant  # noqa: E402

# Records when each message element appears, by seq, on the page's clock (the machine's).
RECORD_RENDERS = """() => {
  window.renderedAt = {}
  new MutationObserver(() => {
    for (const item of document.querySelectorAll('[role=log] .message')) {
      window.renderedAt[item.dataset.seq] ??= Date.now()
    }
  }).observe(document.getElementById('messages'), { childList: true, subtree: true })
}"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50)
    args = parser.parse_args()

    with running_stack() as stack:
        with psycopg.connect(stack.database_url, autocommit=True) as conn:  # a benchmark, not a flood guard test
            conn.execute("update chat_private.send_rate_limit set max_messages = 100000")
        create_admin(stack.database_url, "bench@example.com", "bench password", "Bench")
        admin = {
            "Authorization": "Bearer "
            + password_grant(stack.supabase_url, stack.keys.publishable, "bench@example.com", "bench password")[
                "access_token"
            ]
        }
        created = requests.post(
            f"{stack.api_url}/chat-session", json={"customer_name": "Bench"}, headers=admin, timeout=10
        ).json()
        chat_id = created["session"]["id"]

        latencies, round_trips = [], []
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            # Playwright's wait_for_function polls by eval, which the pages' CSP forbids.
            page = browser.new_page(bypass_csp=True)
            page.goto(created["link"])
            page.get_by_text("Live").wait_for()
            page.evaluate(RECORD_RENDERS)
            for n in range(args.messages):
                sent_at = time.time() * 1000
                response = requests.post(
                    f"{stack.api_url}/chat-message",
                    headers=admin,
                    timeout=10,
                    json={"chat_id": chat_id, "content": f"latency probe {n}"},
                )
                round_trips.append(time.time() * 1000 - sent_at)
                seq = response.json()["message"]["seq"]
                page.wait_for_function(f"window.renderedAt['{seq}'] !== undefined", timeout=10_000)
                latencies.append(page.evaluate(f"window.renderedAt['{seq}']") - sent_at)
            browser.close()

    send_median, render_median = statistics.median(round_trips), statistics.median(latencies)
    print(f"send -> rendered on the customer's page, {args.messages} messages, local stack, Chromium:")
    print(
        f"  baseline  API send round trip     median {send_median:7.1f} ms   "
        f"p95 {percentile(round_trips, 0.95):7.1f} ms"
    )
    print(
        f"  send -> rendered (via Realtime)   median {render_median:7.1f} ms   "
        f"p95 {percentile(latencies, 0.95):7.1f} ms"
        f"   ({render_median / send_median:.2f}x the round trip)"
    )
    record(
        "realtime_latency",
        {
            "messages": args.messages,
            "send_round_trip_median_ms": round(send_median, 1),
            "send_to_rendered_median_ms": round(render_median, 1),
            "send_to_rendered_p95_ms": round(percentile(latencies, 0.95), 1),
            "ratio": round(render_median / send_median, 2),
        },
    )


if __name__ == "__main__":
    main()
