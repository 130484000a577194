"""Exports against API Gateway's 29 s: the bulk export (`POST /chat-session/export`) of the
size the README promises (300,000 messages in 1,500 chats) and a 100,000-message chat's
transcript (`GET /chat-message/transcript`), each through the API Gateway emulator, which
ends a request at the function's Timeout (502) or at 29 s (504) as AWS does; baseline in the
same run: a tenth of each. Prints each request's status and seconds.

    make bench   (or: PYTHONPATH=lib:. .venv/bin/python bench/export_bench.py)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from local.admins import create_admin, password_grant  # noqa: E402

PER_CHAT = 200
BULK_MESSAGES, TRANSCRIPT_MESSAGES = 300_000, 100_000
INTEGRATION_TIMEOUT_S = 29.0
SMALL_DAY = {"from": "2026-01-01T00:00Z", "to": "2026-01-02T00:00Z"}  # the chats _seed makes on each day
LARGE_DAY = {"from": "2026-02-01T00:00Z", "to": "2026-02-02T00:00Z"}


def _seed(db: psycopg.Connection[Any], chats: int, per_chat: int, created: str) -> list[str]:
    """`chats` chats of `per_chat` messages each, created on day `created`, stored as a restore
    would (no triggers)."""
    db.execute("set session_replication_role = replica")
    ids = [
        str(row[0])
        for row in db.execute(
            "insert into public.chat_sessions (customer_name, customer_email, created_at)"
            " select 'Bench ' || n, 'b' || n || '@example.com', %s::timestamptz + make_interval(secs => n)"
            " from generate_series(1, %s) n returning id",
            (created, chats),
        ).fetchall()
    ]
    db.execute(
        """
        insert into public.chat_messages (chat_id, sender_type, sender_id, sender_name, content, seq)
        select c.id, case when n %% 2 = 0 then 'admin' else 'customer' end, 'bench', 'Bench',
               'Message ' || n || ': the parcel, "as agreed", arrives on Tuesday, ça va? 🎉', n
        from unnest(%s::uuid[]) c(id), generate_series(1, %s) n
        """,
        (ids, per_chat),
    )
    db.execute("update public.chat_sessions set last_seq = %s where id = any(%s::uuid[])", (per_chat, ids))
    db.execute("set session_replication_role = origin")
    return ids


def _timed(method: str, url: str, **kwargs: Any) -> tuple[int, float]:
    started = time.perf_counter()
    response = requests.request(method, url, timeout=60, **kwargs)
    return response.status_code, time.perf_counter() - started


def main() -> None:
    with running_stack() as stack:
        create_admin(stack.database_url, "bench@example.com", "bench password", "Bench", role="owner")
        session = password_grant(stack.supabase_url, stack.keys.publishable, "bench@example.com", "bench password")
        auth = {"Authorization": f"Bearer {session['access_token']}"}
        with psycopg.connect(stack.database_url, autocommit=True) as db:
            db.execute("update chat_private.rate_limits set max_events = 1000000")
            _seed(db, BULK_MESSAGES // PER_CHAT // 10, PER_CHAT, "2026-01-01")
            _seed(db, BULK_MESSAGES // PER_CHAT, PER_CHAT, "2026-02-01")
            small_chat = _seed(db, 1, TRANSCRIPT_MESSAGES // 10, "2026-03-01")[0]
            large_chat = _seed(db, 1, TRANSCRIPT_MESSAGES, "2026-03-02")[0]
        print(f"exports through the API Gateway emulator (ends a request at {INTEGRATION_TIMEOUT_S:.0f} s):")
        figures: dict[str, float | int | str] = {}
        for label, body in (
            (f"bulk {BULK_MESSAGES // 10:,} messages", {**SMALL_DAY, "format": "ndjson"}),
            (f"bulk {BULK_MESSAGES:,} messages", {**LARGE_DAY, "format": "ndjson"}),
            (f"bulk {BULK_MESSAGES:,} messages csv", {**LARGE_DAY, "format": "csv"}),
        ):
            status, seconds = _timed("POST", f"{stack.api_url}/chat-session/export", json=body, headers=auth)
            assert status in (200, 502, 504), f"{label}: {status}"  # only the limits may refuse it
            print(f"  {label:34} {status}  {seconds:6.2f} s  ({seconds / INTEGRATION_TIMEOUT_S:.0%} of the limit)")
            figures[label.replace(" ", "_").replace(",", "") + "_s"] = round(seconds, 2)
            figures[label.replace(" ", "_").replace(",", "") + "_status"] = status
        for label, chat_id in (
            (f"transcript {TRANSCRIPT_MESSAGES // 10:,} messages", small_chat),
            (f"transcript {TRANSCRIPT_MESSAGES:,} messages", large_chat),
        ):
            url = f"{stack.api_url}/chat-message/transcript"
            status, seconds = _timed("GET", url, params={"chatId": chat_id, "format": "json"}, headers=auth)
            print(f"  {label:34} {status}  {seconds:6.2f} s  ({seconds / INTEGRATION_TIMEOUT_S:.0%} of the limit)")
            figures[label.replace(" ", "_").replace(",", "") + "_s"] = round(seconds, 2)
            figures[label.replace(" ", "_").replace(",", "") + "_status"] = status
    record("export_bench", figures)


if __name__ == "__main__":
    main()
