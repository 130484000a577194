"""1,000 due notifications about unread replies (half to customers whose browser subscribed
to web push, half by email), taken by two notifier passes started at the same moment (as two
schedule invocations that overlap): how many each sent, how many emails and pushes (pushes
encrypted by pywebpush and decrypted by the local push service), how many were sent twice
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
    from chat_core.config import get_settings
    from chat_core.notifier import push_sender, run_pass

    from tools.keys import vapid_public_key

    with running_stack() as stack:
        admin = create_admin(stack.database_url, "bench@example.com", "bench password", "Bench", role="owner")
        with psycopg.connect(stack.database_url, autocommit=True) as db:
            db.execute("update chat_private.notification_settings set delay_seconds = 0")
            # 1,000 chats; the customers of every other one allowed pushes in their browser.
            chats = db.execute(
                """
                insert into public.chat_sessions (customer_name, customer_email)
                select 'Bench ' || n, 'c' || n || '@example.com' from generate_series(1, %s) n
                returning id, customer_id
                """,
                (DUE,),
            ).fetchall()
            application_server_key = vapid_public_key(stack.vapid_key)
            for chat_id, customer_id in chats[::2]:
                browser = stack.gateway.push.subscribe(application_server_key)
                db.execute(
                    "insert into chat_private.push_subscriptions"
                    " (subscriber_type, subscriber_id, chat_id, endpoint, p256dh, auth)"
                    " values ('customer', %s, %s, %s, %s, %s)",
                    (
                        str(customer_id),
                        chat_id,
                        browser["endpoint"],
                        browser["keys"]["p256dh"],
                        browser["keys"]["auth"],
                    ),
                )
            # Each with a reply its customer has not read: one notification each.
            db.execute(
                """
                insert into public.chat_messages (chat_id, sender_type, sender_id, sender_name, content, seq)
                select id, 'admin', %s, 'Bench', 'Your order shipped', 1 from public.chat_sessions
                """,
                (str(admin),),
            )
            db.execute("update public.chat_sessions set last_seq = 1")
        push = push_sender(get_settings())
        sent: Counter[str] = Counter()
        per_pass: dict[str, int] = {}
        start = threading.Barrier(2)

        def one_pass(worker: str) -> None:
            def send(notification: dict[str, Any]) -> None:
                time.sleep(SEND_MS / 1000)
                sent[notification["chat_id"]] += 1

            start.wait()
            per_pass[worker] = run_pass(worker, send, limit=DUE, push=push).sent

        began = time.perf_counter()
        threads = [threading.Thread(target=one_pass, args=(name,)) for name in ("pass-a", "pass-b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - began
        pushed = Counter(message["payload"]["tag"] for message in stack.gateway.push.messages())
        due_to_sent = schedule_delays(stack, admin)

    emailed_and_pushed = sent + Counter({tag.removeprefix("chat-"): count for tag, count in pushed.items()})

    figures: dict[str, float | int | str] = {
        "due": DUE,
        "emails_sent": sum(sent.values()),
        "pushes_sent": sum(pushed.values()),
        "distinct_recipients": len(emailed_and_pushed),
        "duplicates": sum(count - 1 for count in emailed_and_pushed.values()),
        "sent_by_pass_a": per_pass.get("pass-a", 0),
        "sent_by_pass_b": per_pass.get("pass-b", 0),
        "passes_took_s": round(took, 2),
        "due_to_sent_worst_bound_s": round(60 + took, 1),
        # measured: the stack's one-minute notifier loop (as the schedule runs it in AWS), a
        # notification falling due every 10 s across a minute
        "due_to_sent_measured_max_s": round(max(due_to_sent), 1),
        "due_to_sent_measured_mean_s": round(sum(due_to_sent) / len(due_to_sent), 1),
    }
    record("notifier_bench", figures)
    for name, value in figures.items():
        print(f"{name:24} {value}")


SCHEDULE_SAMPLES = 6  # one falling due every 10 s: across one whole minute of the schedule


def schedule_delays(stack: Any, admin: Any) -> list[float]:
    """Seconds from "due" to "sent" for notifications falling due at every point of a minute,
    with the notifier running every 60 s as the schedule runs it (LocalStack.notify_every)."""
    stack.notify_every(60)
    with psycopg.connect(stack.database_url, autocommit=True) as db:
        chat_ids = []
        for n in range(SCHEDULE_SAMPLES):
            chat_id = db.execute(
                "insert into public.chat_sessions (customer_name, customer_email) values (%s, %s) returning id",
                (f"Schedule {n}", f"schedule{n}@example.com"),
            ).fetchone()[0]
            db.execute(
                "insert into public.chat_messages (chat_id, sender_type, sender_id, sender_name, content, seq)"
                " values (%s, 'admin', %s, 'Bench', 'Later', 1)",
                (chat_id, str(admin)),
            )
            chat_ids.append(chat_id)
            time.sleep(60 / SCHEDULE_SAMPLES)
        while True:
            rows = db.execute(
                "select extract(epoch from finished_at - due_at) from chat_private.notifications"
                " where chat_id = any(%s) and state = 'sent'",
                (chat_ids,),
            ).fetchall()
            if len(rows) == SCHEDULE_SAMPLES:
                return [float(row[0]) for row in rows]
            time.sleep(1)


if __name__ == "__main__":
    main()
