"""Row Level Security as Realtime applies it: queries run as anon / authenticated with
request.jwt.claims set, the way Supabase evaluates a subscriber's right to a row."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from tests.support.database import as_role


def _customer_claims(chat_id: str) -> dict[str, Any]:
    return {"role": "authenticated", "sub": str(uuid.uuid4()), "chat_id": chat_id, "iss": "customer-chat"}


@pytest.fixture
def two_chats_with_messages(chats) -> tuple[str, str]:
    chat_a, chat_b = chats.create()["id"], chats.create()["id"]
    chats.send(chat_a, "for A only")
    chats.send(chat_b, "for B only")
    return chat_a, chat_b


def test_a_customer_sees_only_its_own_chats_messages(db, two_chats_with_messages):
    chat_a, _ = two_chats_with_messages

    with as_role(db, "authenticated", _customer_claims(chat_a)) as conn:
        visible = {row["chat_id"] for row in conn.execute("select chat_id from chat_messages").fetchall()}

    assert visible == {uuid.UUID(chat_a)}


def test_a_customer_sees_only_its_own_session(db, two_chats_with_messages):
    chat_a, _ = two_chats_with_messages

    with as_role(db, "authenticated", _customer_claims(chat_a)) as conn:
        visible = {row["id"] for row in conn.execute("select id from chat_sessions").fetchall()}

    assert visible == {uuid.UUID(chat_a)}


def test_an_admin_sees_every_chat(db, two_chats_with_messages, admin_session):
    chat_a, chat_b = two_chats_with_messages
    claims = {"role": "authenticated", "sub": admin_session["user"]["id"]}

    with as_role(db, "authenticated", claims) as conn:
        visible = {row["chat_id"] for row in conn.execute("select chat_id from chat_messages").fetchall()}

    assert {uuid.UUID(chat_a), uuid.UUID(chat_b)} <= visible


def test_a_signed_in_non_admin_sees_nothing(db, two_chats_with_messages):
    claims = {"role": "authenticated", "sub": str(uuid.uuid4())}

    with as_role(db, "authenticated", claims) as conn:
        count = conn.execute("select count(*) as n from chat_messages").fetchone()["n"]

    assert count == 0


@pytest.mark.parametrize("table", ["chat_messages", "chat_sessions", "chat_admins", "chat_private.chat_links"])
def test_anon_cannot_read_any_chat_table(db, two_chats_with_messages, table):
    with pytest.raises(psycopg.errors.InsufficientPrivilege), as_role(db, "anon") as conn:
        conn.execute(f"select * from {table}")  # noqa: S608 - fixed table names


@pytest.mark.parametrize(
    "table",
    [
        "chat_admins",
        "chat_private.chat_links",
        "chat_private.send_rate_limit",
        "chat_private.rate_limits",
        "chat_private.rate_events",
    ],
)
def test_a_customer_cannot_read_admins_links_or_limits(db, two_chats_with_messages, table):
    chat_a, _ = two_chats_with_messages

    with (
        pytest.raises(psycopg.errors.InsufficientPrivilege),
        as_role(db, "authenticated", _customer_claims(chat_a)) as conn,
    ):
        conn.execute(f"select * from {table}")  # noqa: S608 - fixed table names


def test_a_customer_cannot_write_messages_directly(db, two_chats_with_messages):
    chat_a, _ = two_chats_with_messages

    with (
        pytest.raises(psycopg.errors.InsufficientPrivilege),
        as_role(db, "authenticated", _customer_claims(chat_a)) as conn,
    ):
        conn.execute(
            "insert into chat_messages (chat_id, sender_type, content, seq) values (%s, 'admin', 'x', 99)", (chat_a,)
        )
