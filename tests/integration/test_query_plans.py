"""Every list is an index walk at any depth: each SQL function's statements, run in their
generic plans (what plpgsql uses after five calls) on a database with a 20,000-message chat
and 5,000 sessions, neither filter away many rows nor sort the table, and a page is built in
one scan (the JSON builders are inlined, not called per row)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.support.plans import PLAN_CHAT_MESSAGES, PlanDatabase

# More rows than this thrown away by one filter, or sorted in one node, means a scan, not a walk.
MOST_ROWS_TOUCHED = 250
BIG_TABLES = {"chat_messages", "chat_sessions"}
# Lines only the bodies of chat_private.message_json and session_json hold.
JSON_BUILDER_BODIES = ("'sender_type', m.sender_type", "'message_count', s.last_seq")


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _statement_plans(plan_database: PlanDatabase, call: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan of every statement `call` runs, as auto_explain reports them (analyzed)."""
    plans: list[dict[str, Any]] = []
    with psycopg.connect(plan_database.url, autocommit=True) as conn:
        conn.add_notice_handler(
            lambda notice: (
                plans.append(json.loads(notice.message_primary.split("plan:", 1)[1]))
                if "plan:" in (notice.message_primary or "")
                else None
            )
        )
        conn.execute("load 'auto_explain'")
        for setting, value in {
            "plan_cache_mode": "force_generic_plan",
            "auto_explain.log_min_duration": "0",
            "auto_explain.log_analyze": "on",
            "auto_explain.log_nested_statements": "on",
            "auto_explain.log_format": "json",
            "auto_explain.log_level": "notice",
            "client_min_messages": "notice",
        }.items():
            conn.execute("select set_config(%s, %s, false)", (setting, value))
        plans.clear()
        conn.execute(call, params)
    return [{**entry["Plan"], "Query Text": entry.get("Query Text", "")} for entry in plans if "Plan" in entry]


CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "newest messages": (
        "select public.chat_list_messages(%(chat)s, null, null, 50, %(admin)s, true)",
        {},
    ),
    "history from the middle": (
        "select public.chat_list_messages(%(chat)s, null, %(middle)s, 50, %(admin)s, true)",
        {"middle": PLAN_CHAT_MESSAGES // 2},
    ),
    "oldest history": (
        "select public.chat_list_messages(%(chat)s, null, 60, 50, %(admin)s, true)",
        {},
    ),
    "catch-up after a seq": (
        "select public.chat_list_messages(%(chat)s, 100, null, 50, %(admin)s, true)",
        {},
    ),
    "all sessions": ("select public.chat_list_sessions(null, null, null, 50, %(admin)s)", {}),
    "open sessions": ("select public.chat_list_sessions('open', null, null, 50, %(admin)s)", {}),
    "closed sessions past a cursor": (
        "select public.chat_list_sessions('closed', now() - interval '2 days', %(zero)s, 50, %(admin)s)",
        {"zero": "00000000-0000-0000-0000-000000000000"},
    ),
    "one session": ("select public.chat_get_session(%(chat)s, %(admin)s, true)", {}),
    "send": ("select public.chat_send_message(%(chat)s, 'admin', %(admin)s, 'plan test', null)", {}),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_each_statement_walks_an_index(plan_database, name):
    call, extra = CALLS[name]
    params = {"chat": plan_database.long_chat, "admin": plan_database.admin_id, **extra}

    plans = _statement_plans(plan_database, call, params)

    nodes = [node for plan in plans for node in _nodes(plan)]
    filtered = [n for n in nodes if n.get("Rows Removed by Filter", 0) > MOST_ROWS_TOUCHED]
    sorted_big = [n for n in nodes if n["Node Type"] == "Sort" and n.get("Actual Rows", 0) > MOST_ROWS_TOUCHED]
    seq_scans = [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG_TABLES]
    assert nodes, "auto_explain reported no plan"
    assert (filtered, sorted_big, seq_scans) == ([], [], [])
    # The JSON builders were inlined into the page's scan, not run as statements of their own.
    per_row = [p["Query Text"] for p in plans if any(body in p["Query Text"] for body in JSON_BUILDER_BODIES)]
    assert per_row == []
