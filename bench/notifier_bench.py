"""1,000 due emails about unread replies, taken by two notifier passes started at the same
moment (as two schedule invocations that overlap): how many each sent, how many were sent twice
(must be 0), how long the passes took, and so the delay from "due" to "sent" under the
one-minute schedule (a pass starts up to 60 s after a notification falls due).

    make bench   (or: PYTHONPATH=lib:. .venv/bin/python bench/notifier_bench.py)
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from local.admins import create_admin  # noqa: E402

DUE = 1000
SEND_MS = 2  # what handing one email to SES costs, roughly, in the same region


def main() -> None:
    from chat_core.notifier import run_pass

    with running_stack() as stack:
        admin = create_admin(stack.database_url, "bench@example.com", "bench password", "Bench", role="owner")
        with psycopg.connect(stack.database_url, autocommit=True) as db:
            db.execute("update chat_private.notification_settings set delay_seconds = 0")
            # 1,000 chats, each with a reply its customer has not read: one notification each.
            db.execute(
                """
                with chats as (
                  insert into public.chat_sessions (customer_name, customer_email)
                  select 'Bench ' || n, 'c' || n || '@example.com' from generate_series(1, %s) n returning id
                )
                insert into public.chat_messages (chat_id, sender_type, sender_id, sender_name, content, seq)
                select id, 'admin', %s, 'Bench', 'Your order shipped', 1 from chats
                """,
                (DUE, str(admin)),
            )
            db.execute("update public.chat_sessions set last_seq = 1")
        sent: Counter[str] = Counter()
        per_pass: dict[str, int] = {}
        start = threading.Barrier(2)

        def one_pass(worker: str) -> None:
            def send(notification: dict[str, Any]) -> None:
                time.sleep(SEND_MS / 1000)
                sent[notification["chat_id"]] += 1

            start.wait()
            per_pass[worker] = run_pass(worker, send, limit=DUE).sent

        began = time.perf_counter()
        threads = [threading.Thread(target=one_pass, args=(name,)) for name in ("pass-a", "pass-b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - began

    figures: dict[str, float | int | str] = {
        "due": DUE,
        "sent": sum(sent.values()),
        "distinct_recipients": len(sent),
        "duplicates": sum(count - 1 for count in sent.values()),
        "sent_by_pass_a": per_pass.get("pass-a", 0),
        "sent_by_pass_b": per_pass.get("pass-b", 0),
        "passes_took_s": round(took, 2),
        "due_to_sent_worst_s": round(60 + took, 1),
    }
    record("notifier_bench", figures)
    for name, value in figures.items():
        print(f"{name:24} {value}")


if __name__ == "__main__":
    main()
