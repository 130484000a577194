"""Postgres stopped for 10 s under 50 concurrent senders: how many acknowledged messages are
lost, how many are stored twice, and what a customer's page shows meanwhile.

Each sender posts to its own chat through the API emulator over HTTP, as the pages do: every
message has a client_msg_id, and a 503 or a network error is retried with the same id until
the API answers 200/201. A customer page in Chromium sends one message during the outage.

    make bench   (or: PYTHONPATH=lib:. .venv/bin/python bench/fault_bench.py --senders 50 --outage 10)
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from local import chromium  # noqa: E402
from local.admins import create_admin, password_grant  # noqa: E402
from local.realtime import RealtimeSettings  # noqa: E402


def sender(
    api: str, token: str, chat_id: str, stop: threading.Event, acknowledged: list[str], answers: collections.Counter
) -> None:
    """Send until told to stop; each message until it is acknowledged, always with its own id."""
    session = requests.Session()
    while not stop.is_set():
        client_msg_id = str(uuid.uuid4())
        while True:
            try:
                response = session.post(
                    f"{api}/chat-message",
                    timeout=10,
                    json={"chat_id": chat_id, "content": f"m {client_msg_id}", "client_msg_id": client_msg_id},
                    headers={"Authorization": f"Bearer {token}"},
                )
                outcome = f"{response.status_code} {response.json().get('error', {}).get('code', '')}".strip()
            except requests.RequestException as exc:
                outcome, response = type(exc).__name__, None
            answers[outcome] += 1
            if response is not None and response.status_code in (200, 201):
                acknowledged.append(client_msg_id)
                break
            if response is not None and response.status_code not in (429, 502, 503, 504):
                raise AssertionError(f"unexpected answer {outcome}")
            time.sleep(float(response.headers.get("Retry-After", 1)) if response is not None else 1)
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--senders", type=int, default=50)
    parser.add_argument("--outage", type=float, default=10.0)
    args = parser.parse_args()

    os.environ.update(
        POWERTOOLS_SERVICE_NAME="fault-bench", AWS_DEFAULT_REGION="us-east-1", POWERTOOLS_LOG_LEVEL="ERROR"
    )
    with running_stack(RealtimeSettings(postgres_changes_ready_after=(0.2, 0.4), private_only=True)) as stack:
        create_admin(stack.database_url, "bench@example.com", "bench password", "Bench")
        admin = password_grant(stack.supabase_url, stack.keys.publishable, "bench@example.com", "bench password")
        auth = {"Authorization": f"Bearer {admin['access_token']}"}
        with psycopg.connect(stack.database_url, autocommit=True) as conn:  # a benchmark, not a flood guard test
            conn.execute("update chat_private.send_rate_limit set max_messages = 10000, per_seconds = 1")
        chats = [
            requests.post(
                f"{stack.api_url}/chat-session", json={"customer_name": f"Sender {n}"}, headers=auth, timeout=10
            ).json()
            for n in range(args.senders + 1)
        ]
        watched = chats.pop()

        stop, acknowledged, answers = threading.Event(), list[str](), collections.Counter[str]()
        threads = [
            threading.Thread(
                target=sender,
                args=(stack.api_url, admin["access_token"], chat["session"]["id"], stop, acknowledged, answers),
            )
            for chat in chats
        ]
        seen_on_page = []
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            page = browser.new_page()
            page.goto(watched["link"])
            page.get_by_text("Live").wait_for(timeout=15_000)
            for thread in threads:
                thread.start()
            time.sleep(3)
            with stack.database_away():
                outage_started = time.monotonic()
                page.get_by_label("Your message").fill("sent during the outage")
                page.get_by_label("Your message").press("Enter")
                while time.monotonic() - outage_started < args.outage:
                    seen_on_page.append(page.locator("[role=log] .message.mine header").all_inner_texts())
                    time.sleep(1)
            page.locator("[role=log] .message.mine header", has_text=re.compile(r"· Sent$")).wait_for(timeout=60_000)
            seen_on_page.append(page.locator("[role=log] .message.mine header").all_inner_texts())
            time.sleep(3)
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
            browser.close()

        with psycopg.connect(stack.database_url) as conn:
            stored = [
                row[0]
                for row in conn.execute("select client_msg_id::text from chat_messages where client_msg_id is not null")
            ]
            page_rows = conn.execute(
                "select count(*) from chat_messages where chat_id = %s and content = %s",
                (watched["session"]["id"], "sent during the outage"),
            ).fetchone()[0]

    counts = collections.Counter(stored)
    lost = set(acknowledged) - set(stored)
    print(f"{args.senders} senders, Postgres stopped for {args.outage:.0f} s")
    print(
        f"  acknowledged {len(acknowledged)}, stored {len(stored)}, acknowledged but lost {len(lost)}, "
        f"stored twice {sum(1 for n in counts.values() if n > 1)}"
    )
    print("  answers: " + ", ".join(f"{outcome} x{n}" for outcome, n in answers.most_common()))
    record(
        "fault",
        {
            "senders": args.senders,
            "outage_s": args.outage,
            "acknowledged": len(acknowledged),
            "stored": len(stored),
            "acknowledged_but_lost": len(lost),
            "stored_twice": sum(1 for n in counts.values() if n > 1),
        },
    )
    states = [" | ".join(texts) for texts in seen_on_page]
    print(
        f"  the customer's page showed its message as: {' -> '.join(dict.fromkeys(states))}; stored {page_rows} time(s)"
    )


if __name__ == "__main__":
    main()
