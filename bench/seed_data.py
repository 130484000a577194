"""The large benchmark database (`make bench-data`, a few minutes): an embedded Postgres in
.local/bench-pgdata with the real migrations, 50,000 chats of 19 messages and one chat of
50,000 messages (~1M messages), analyzed. bench/history_bench.py reads it beside a small
database. Run again to start over.

    PYTHONPATH=lib:. .venv/bin/python bench/seed_data.py
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from local.admins import create_admin  # noqa: E402
from local.database import SUPERUSER, EmbeddedPostgres, apply_migrations, as_role  # noqa: E402

DATA_DIR = ROOT / ".local" / "bench-pgdata"
CHATS, MESSAGES_PER_CHAT, LONG_CHAT_MESSAGES = 50_000, 19, 50_000
ADMIN_EMAIL = "bench-admin@chat.test"


def seed(database_url: str, chats: int, per_chat: int, long_chat: int) -> None:
    """`chats` chats of `per_chat` messages and one of `long_chat`, written as a restore would
    (no triggers), then analyzed. Each message says "message <n> about topic<n mod 50> and
    w<0-4999>": for search, a word in every message, one in 1 of 50, one in 1 of 5,000."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("set session_replication_role = replica")
        conn.execute(
            """
            insert into public.chat_sessions (customer_name, customer_email, status, created_at, closed_at,
                                              last_seq, last_message_at, last_message_preview)
            select 'Customer ' || n, 'customer' || n || '@example.com',
                   case when n %% 4 = 0 then 'closed' else 'open' end,
                   now() - make_interval(mins => n + 60), case when n %% 4 = 0 then now() end,
                   %(per_chat)s, now() - make_interval(mins => n), 'message ' || %(per_chat)s
            from generate_series(1, %(chats)s) n
            """,
            {"chats": chats, "per_chat": per_chat},
        )
        conn.execute(
            """
            insert into public.chat_messages (chat_id, sender_type, sender_id, content, seq, created_at)
            select s.id, case when m %% 2 = 0 then 'admin' else 'customer' end, 'seed',
                   'message ' || m || ' about topic' || (m %% 50)
                     || ' and w' || (abs(hashtext(s.id::text || m)) %% 5000),
                   m,
                   s.created_at + make_interval(secs => m)
            from public.chat_sessions s cross join generate_series(1, %(per_chat)s) m
            """,
            {"per_chat": per_chat},
        )
        conn.execute(
            """
            with long_chat as (
              insert into public.chat_sessions (customer_name, last_seq, last_message_at, last_message_preview)
              values ('Long chat', %(n)s, now(), 'message ' || %(n)s) returning id
            )
            insert into public.chat_messages (chat_id, sender_type, sender_id, content, seq, created_at)
            select long_chat.id, case when m %% 2 = 0 then 'admin' else 'customer' end, 'seed',
                   'message ' || m || ' about topic' || (m %% 50)
                     || ' and w' || (abs(hashtext(long_chat.id::text || m)) %% 5000),
                   m,
                   now() - make_interval(secs => %(n)s - m)
            from long_chat cross join generate_series(1, %(n)s) m
            """,
            {"n": long_chat},
        )
        conn.execute("analyze")


def main() -> None:
    started = time.perf_counter()
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    postgres = EmbeddedPostgres(DATA_DIR)
    try:
        apply_migrations(postgres.url)
        database_url = as_role(postgres.url, SUPERUSER)
        create_admin(database_url, ADMIN_EMAIL, "bench admin password", "Bench Admin")
        seed(database_url, CHATS, MESSAGES_PER_CHAT, LONG_CHAT_MESSAGES)
        with psycopg.connect(database_url) as conn:
            count = conn.execute("select count(*) from public.chat_messages").fetchone()
    finally:
        postgres.stop()
    total = count[0] if count else 0
    print(
        f"seeded {DATA_DIR.relative_to(ROOT)}: {total:,} messages in {CHATS + 1:,} chats, "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
