"""Lists and history at scale: each read the API makes, as its SQL function call, on the large
database (`make bench-data`: ~1M messages, a 50,000-message chat, 50,000 sessions) beside the
same calls on a small database of the same shape (500 sessions, a 500-message chat) on the
same server in the same run; median and 95th percentile of 200 calls after 20 (plpgsql's
generic plans by then). Search (GET /chat-session?q=) for a rare word (1 message in 5,000), a
common one (1 in 50), one in every message, a prefix, and a customer's name.

    make bench-data && PYTHONPATH=lib:. .venv/bin/python bench/history_bench.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record  # noqa: E402
from bench.seed_data import ADMIN_EMAIL, DATA_DIR, seed  # noqa: E402
from local.admins import create_admin  # noqa: E402
from local.database import SUPERUSER, EmbeddedPostgres, apply_migrations, as_role  # noqa: E402

WARMUP, CALLS = 20, 200


def shape(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    """The database's long chat, its admin, and a session cursor 100 pages deep."""
    long_chat, last_seq = conn.execute(
        "select id, last_seq from public.chat_sessions order by last_seq desc limit 1"
    ).fetchone() or (None, 0)
    admin = conn.execute("select user_id from public.chat_admins limit 1").fetchone()
    deep = conn.execute(
        "select last_activity_at, id from public.chat_sessions order by last_activity_at desc, id desc"
        " offset least(5000, (select count(*) / 2 from public.chat_sessions)) limit 1"
    ).fetchone()
    conn.execute("update chat_private.rate_limits set max_events = 1000000000")
    return {"chat": long_chat, "last_seq": last_seq, "admin": str(admin[0]) if admin else "", "deep": deep}


CALLS_BY_NAME = {
    "newest messages": "select public.chat_list_messages(%(chat)s, null, null, 50, %(admin)s, true)",
    "history, middle": "select public.chat_list_messages(%(chat)s, null, %(middle)s, 50, %(admin)s, true)",
    "history, oldest": "select public.chat_list_messages(%(chat)s, null, 60, 50, %(admin)s, true)",
    "catch-up after seq 100": "select public.chat_list_messages(%(chat)s, 100, null, 50, %(admin)s, true)",
    "sessions, first page": "select public.chat_list_sessions(null, null, null, 50, %(admin)s)",
    "open sessions": "select public.chat_list_sessions('open', null, null, 50, %(admin)s)",
    "sessions, 100 pages deep": "select public.chat_list_sessions(null, %(deep_at)s, %(deep_id)s, 50, %(admin)s)",
    "one session": "select public.chat_get_session(%(chat)s, %(admin)s, true)",
    "search, rare word": "select public.chat_search_sessions('w1234', null, null, null, null, 50, %(admin)s)",
    "search, common word": "select public.chat_search_sessions('topic7', null, null, null, null, 50, %(admin)s)",
    "search, word in all": "select public.chat_search_sessions('message', null, null, null, null, 50, %(admin)s)",
    "search, prefix": "select public.chat_search_sessions('w12', null, null, null, null, 50, %(admin)s)",
    "search, two words": "select public.chat_search_sessions('topic7 w1234', null, null, null, null, 50, %(admin)s)",
    "search, name": "select public.chat_search_sessions('Customer 424', null, null, null, null, 50, %(admin)s)",
}


def timings(database_url: str) -> dict[str, tuple[float, float]]:
    """(median, 95th percentile) milliseconds per call, by call."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        facts = shape(conn)
        params = {
            "chat": facts["chat"],
            "admin": facts["admin"],
            "middle": facts["last_seq"] // 2,
            "deep_at": facts["deep"][0],
            "deep_id": facts["deep"][1],
        }
        medians = {}
        for name, call in CALLS_BY_NAME.items():
            samples = []
            for n in range(WARMUP + CALLS):
                started = time.perf_counter()
                conn.execute(call, params).fetchone()
                if n >= WARMUP:
                    samples.append((time.perf_counter() - started) * 1000)
            medians[name] = (statistics.median(samples), statistics.quantiles(samples, n=20)[-1])
    return medians


def main() -> None:
    if not DATA_DIR.exists():
        sys.exit("no large database: run `make bench-data` first")
    postgres = EmbeddedPostgres(DATA_DIR)
    try:
        large_url = as_role(postgres.url, SUPERUSER)
        with psycopg.connect(large_url, autocommit=True) as conn:
            conn.execute("drop database if exists bench_small")
            conn.execute("create database bench_small")
        small_url = psycopg.conninfo.make_conninfo(large_url, dbname="bench_small")
        apply_migrations(small_url)
        create_admin(small_url, ADMIN_EMAIL, "bench admin password", "Bench Admin")
        seed(small_url, chats=500, per_chat=19, long_chat=500)
        small, large = timings(small_url), timings(large_url)
    finally:
        postgres.stop()

    print(f"lists, history and search, median (p95) of {CALLS} calls: small database beside ~1M messages")
    figures: dict[str, float | int | str] = {}
    for name in CALLS_BY_NAME:
        (small_p50, small_p95), (large_p50, large_p95) = small[name], large[name]
        ratio = large_p50 / small_p50
        print(
            f"  {name:26} small {small_p50:7.2f} ({small_p95:7.2f}) ms"
            f"   large {large_p50:7.2f} ({large_p95:7.2f}) ms   ({ratio:.2f}x)"
        )
        key = name.replace(",", "").replace(" ", "_")
        figures |= {f"{key}_small_ms": round(small_p50, 3), f"{key}_large_ms": round(large_p50, 3)}
        figures |= {f"{key}_small_p95_ms": round(small_p95, 3), f"{key}_large_p95_ms": round(large_p95, 3)}
        figures[f"{key}_ratio"] = round(ratio, 2)
    record("history", figures)


if __name__ == "__main__":
    main()
