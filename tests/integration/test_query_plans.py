"""Every list is an index walk at any depth: the statements of every keyset list, the search,
one session and a send, run in their generic plans (what plpgsql uses after five calls; the
search is planned per call) on a database with a 20,000-message chat, 5,000 notes, 5,000
sessions and 1,000 saved replies, neither filter away many rows nor sort the table, and a
page is built in one scan (the JSON builders are inlined, not called per row).
docs/tests.md lists the calls."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.support.plans import PLAN_CHAT_MESSAGES, PlanDatabase

# More rows than this thrown away by one filter, or sorted in one node, means a scan, not a walk.
MOST_ROWS_TOUCHED = 250
BIG_TABLES = {"chat_messages", "chat_sessions", "chat_notes", "saved_replies"}
# Lines only the bodies of chat_private.message_json and session_json hold.
JSON_BUILDER_BODIES = ("'sender_type', m.sender_type", "'message_count', s.last_seq")


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _statement_plans(
    plan_database: PlanDatabase, call: str, params: dict[str, Any], settings: dict[str, str]
) -> list[dict[str, Any]]:
    """The plan of every statement `call` runs with `settings`, as auto_explain reports them
    (analyzed)."""
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
            **settings,
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
    "my sessions": ("select public.chat_list_sessions(null, null, null, 50, %(admin)s, 'me')", {}),
    "unassigned sessions": ("select public.chat_list_sessions('open', null, null, 50, %(admin)s, 'none')", {}),
    "chats waiting for a reply": ("select public.chat_list_waiting(null, null, 50, %(admin)s)", {}),
    "search by a word of a message": (
        "select public.chat_search_sessions('message 12345', null, null, null, null, 50, %(admin)s)",
        {},
    ),
    "search by a customer's name": (
        "select public.chat_search_sessions('Customer 4321', null, null, null, null, 50, %(admin)s)",
        {},
    ),
    "search past a cursor": (
        "select public.chat_search_sessions('Customer 43', 'open', null, 0.5, %(zero)s, 50, %(admin)s)",
        {"zero": "00000000-0000-0000-0000-000000000000"},
    ),
    "newest notes": ("select public.chat_list_notes(%(chat)s, %(admin)s)", {}),
    "notes past a cursor": (
        "select public.chat_list_notes(%(chat)s, %(admin)s, now() - interval '1 hour', %(zero)s, 200)",
        {"zero": "00000000-0000-0000-0000-000000000000"},
    ),
    "first saved replies": ("select public.chat_list_saved_replies(%(admin)s)", {}),
    "saved replies past a cursor": (
        "select public.chat_list_saved_replies(%(admin)s, 'reply 00500', %(zero)s, 200)",
        {"zero": "00000000-0000-0000-0000-000000000000"},
    ),
    "export a day's chats": (
        "select public.chat_export_chats(now() - interval '1 day', now(), null, null, %(admin)s, %(file)s)",
        {"file": "exports/chats/00000000-0000-0000-0000-0000000000aa.csv"},
    ),
    "export a chat's messages": (
        "select public.chat_export_messages(array[%(chat)s::uuid], 1, %(middle)s, %(admin)s)",
        {"middle": PLAN_CHAT_MESSAGES // 2},
    ),
    "a transcript's page": (
        "select public.chat_transcript_messages(%(chat)s, %(middle)s, %(admin)s, true)",
        {"middle": 100},
    ),
    "one session": ("select public.chat_get_session(%(chat)s, %(admin)s, true)", {}),
    "send": ("select public.chat_send_message(%(chat)s, 'admin', %(admin)s, 'plan test', null)", {}),
}


# The search plans each call with its words (force_custom_plan): on this seed's 5,000 chats
# Postgres rightly scans them for a name rather than read a trigram index, which it prefers at
# scale. So for the searches the test asks what the planner can do, with sequential scans
# priced out: each scan must be servable by an index.
SERVABLE_BY_AN_INDEX = {"enable_seqscan": "off"}
SEARCHES = {"search by a word of a message", "search by a customer's name", "search past a cursor"}
# A page's own rows may be sorted or counted whole (the byte budget numbers them): a list of
# 2,000 touches 2,000 rows, not the table.
PAGE_ROWS = {"export a chat's messages": 2001, "a transcript's page": 2001}


@pytest.mark.parametrize("name", list(CALLS))
def test_each_statement_walks_an_index(plan_database, name):
    call, extra = CALLS[name]
    params = {"chat": plan_database.long_chat, "admin": plan_database.admin_id, **extra}

    plans = _statement_plans(plan_database, call, params, SERVABLE_BY_AN_INDEX if name in SEARCHES else {})

    nodes = [node for plan in plans for node in _nodes(plan)]
    most = max(MOST_ROWS_TOUCHED, PAGE_ROWS.get(name, 0))
    filtered = [n for n in nodes if n.get("Rows Removed by Filter", 0) > most]
    sorted_big = [n for n in nodes if n["Node Type"] == "Sort" and n.get("Actual Rows", 0) > most]
    seq_scans = [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG_TABLES]
    assert nodes, "auto_explain reported no plan"
    assert (filtered, sorted_big, seq_scans) == ([], [], [])
    # The JSON builders were inlined into the page's scan, not run as statements of their own.
    per_row = [p["Query Text"] for p in plans if any(body in p["Query Text"] for body in JSON_BUILDER_BODIES)]
    assert per_row == []
