"""The integration layer's own fixtures: supabase-js clients on Realtime, public channels
allowed for one test, and a second database seeded large for query plans."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from local.admins import create_user
from local.stack import LocalStack
from tests.support.plans import PLAN_CHAT_MESSAGES, PLAN_NOTES, PLAN_REPLIES, PLAN_SESSIONS, PlanDatabase
from tests.support.realtime import SupabaseJs, realtime_settings


@pytest.fixture
def public_channels_allowed(local_stack: LocalStack) -> Iterator[None]:
    """Supabase's "Allow public access" switched on for one test."""
    with realtime_settings(local_stack, private_only=False):
        yield


@pytest.fixture
def supabase_js(local_stack: LocalStack) -> Iterator[Any]:
    """Start supabase-js clients: supabase_js(access_token=None) -> SupabaseJs."""
    clients: list[SupabaseJs] = []

    def _start(access_token: str | None = None) -> SupabaseJs:
        client = SupabaseJs(local_stack.supabase_url, local_stack.keys.publishable, access_token)
        clients.append(client)
        return client

    yield _start
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def plan_database(local_stack: LocalStack) -> Iterator[PlanDatabase]:
    """A database of its own on the test server, with the real migrations, a chat of
    PLAN_CHAT_MESSAGES messages and PLAN_NOTES notes, PLAN_SESSIONS sessions and PLAN_REPLIES
    saved replies, analyzed; dropped at the end."""
    from local.database import apply_migrations

    name = f"plans_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(local_stack.database_url, autocommit=True) as conn:
        conn.execute(f"create database {name}")
    url = psycopg.conninfo.make_conninfo(local_stack.database_url, dbname=name)
    try:
        apply_migrations(url)
        with psycopg.connect(url, autocommit=True) as conn:
            # Seeded as a restore would be: no triggers (the send budget, the change capture).
            conn.execute("set session_replication_role = replica")
            admin_id = create_user(url, "plans@chat.test", "plans password")
            conn.execute(
                "insert into public.chat_admins (user_id, display_name, email) values (%s, 'Plans', 'plans@chat.test')",
                (admin_id,),
            )
            conn.execute(
                """
                insert into public.chat_sessions (customer_name, status, created_at, closed_at)
                select 'Customer ' || n, case when n %% 3 = 0 then 'closed' else 'open' end,
                       now() - make_interval(mins => n), case when n %% 3 = 0 then now() end
                from generate_series(1, %s) n
                """,
                (PLAN_SESSIONS,),
            )
            long_chat = conn.execute(
                "insert into public.chat_sessions (customer_name, last_seq, last_message_at) values ('Long', %s, now())"
                " returning id",
                (PLAN_CHAT_MESSAGES,),
            ).fetchone()
            assert long_chat is not None
            conn.execute(
                """
                insert into public.chat_messages (chat_id, sender_type, sender_id, content, seq, created_at)
                select %s, case when n %% 2 = 0 then 'admin' else 'customer' end, 'seed', 'message ' || n, n,
                       now() - make_interval(secs => %s - n)
                from generate_series(1, %s) n
                """,
                (long_chat[0], PLAN_CHAT_MESSAGES, PLAN_CHAT_MESSAGES),
            )
            conn.execute(
                """
                insert into public.chat_notes (chat_id, author_id, author_name, body, created_at)
                select %s, %s, 'Plans', 'note ' || n, now() - make_interval(secs => %s - n)
                from generate_series(1, %s) n
                """,
                (long_chat[0], admin_id, PLAN_NOTES, PLAN_NOTES),
            )
            conn.execute(
                """
                insert into chat_private.saved_replies (title, body, updated_by)
                select 'reply ' || lpad(n::text, 5, '0'), 'Thanks for waiting, ' || n, %s
                from generate_series(1, %s) n
                """,
                (admin_id, PLAN_REPLIES),
            )
            conn.execute("analyze")
        yield PlanDatabase(url=url, long_chat=str(long_chat[0]), admin_id=str(admin_id))
    finally:
        with psycopg.connect(local_stack.database_url, autocommit=True) as conn:
            conn.execute(f"drop database if exists {name} with (force)")
