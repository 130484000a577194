"""The one mapping from what PostgREST answers to what a client is told, and the session list's
cursors: tables of cases, each a behaviour a client relies on."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from chat_core import errors
from chat_core.models import Session
from chat_core.sessions import decode_cursor, encode_cursor

# (PostgREST code, message, details[, hint]) -> (status, error code, message shown, Retry-After)
POSTGREST_ERRORS = [
    pytest.param(("PT400", "content is empty", None), (400, "bad_request", "content is empty", None), id="PT400"),
    pytest.param(("PT403", "chat is closed", None), (403, "forbidden", "chat is closed", None), id="PT403"),
    pytest.param(("PT404", "no such chat", None), (404, "not_found", "no such chat", None), id="PT404"),
    pytest.param(("PT409", "already closed", None), (409, "conflict", "already closed", None), id="PT409"),
    pytest.param(
        ("PT409", "chat session is closed", None, "chat_closed"),
        (409, "chat_closed", "chat session is closed", None),
        id="PT409-with-its-refusal-code",
    ),
    pytest.param(
        ("PT409", "taken", None, "Try another name"),
        (409, "conflict", "taken", None),
        id="a-hint-that-is-not-a-refusal-code-is-ignored",
    ),
    pytest.param(("PT413", "page too large", None), (413, "payload_too_large", "page too large", None), id="PT413"),
    pytest.param(("PT429", "slow down", "7"), (429, "rate_limited", "slow down", "7"), id="PT429-with-wait"),
    pytest.param(("PT429", "slow down", "soon"), (429, "rate_limited", "slow down", None), id="PT429-bad-wait"),
    pytest.param(("PT418", "teapot", None), (400, "bad_request", "teapot", None), id="PT-unknown-status"),
    pytest.param(("PT503", None, None), (503, "upstream_unavailable", "request failed", None), id="PT503-no-text"),
    pytest.param(
        ("23505", 'duplicate key value violates unique constraint "chat_admins_email_key"', None),
        (409, "conflict", "this conflicts with what is already stored", None),
        id="unique-violation-hides-postgres-text",
    ),
    pytest.param(
        ("23503", "insert violates foreign key", None),
        (409, "conflict", "this conflicts with what is already stored", None),
        id="foreign-key",
    ),
    pytest.param(
        ("22P02", 'invalid input syntax for type uuid: "x"', None),
        (400, "bad_request", "a value in the request cannot be stored", None),
        id="data-exception",
    ),
    pytest.param(
        ("23514", "new row violates check constraint", None),
        (400, "bad_request", "a value in the request cannot be stored", None),
        id="check-violation",
    ),
    pytest.param(
        ("P0001", "raise exception in a function", None),
        (400, "bad_request", "a value in the request cannot be stored", None),
        id="plain-raise",
    ),
    pytest.param(
        ("57014", "canceling statement due to statement timeout", None),
        (503, "upstream_unavailable", "the database could not complete the request", None),
        id="statement-timeout",
    ),
    pytest.param(
        ("PGRST001", "Database client error", None),
        (503, "upstream_unavailable", "the database could not complete the request", None),
        id="postgrest-lost-database",
    ),
    pytest.param(
        ("42501", "permission denied for function chat_send_message", None),
        (503, "upstream_unavailable", "the database could not complete the request", None),
        id="privilege-is-our-fault-not-the-client's",
    ),
    pytest.param(
        (None, None, None),
        (503, "upstream_unavailable", "the database could not complete the request", None),
        id="no-code",
    ),
]


@pytest.mark.parametrize(("postgrest", "expected"), POSTGREST_ERRORS)
def test_a_postgrest_error_becomes_the_documented_client_error(postgrest, expected):
    error = errors.from_postgrest(*postgrest)

    status, code, message, retry_after = expected
    assert (error.status, error.code, error.message) == (status, code, message)
    assert error.headers.get("Retry-After") == retry_after


def test_every_refusal_code_a_sql_function_raises_reaches_the_client():
    # Given every hint the database's functions raise with
    functions = (Path(__file__).parents[2] / "supabase" / "schema").rglob("functions/*.sql")
    hints = {hint for path in functions for hint in re.findall(r"hint\s*=\s*'([a-z_]+)'", path.read_text())}
    assert "chat_closed" in hints

    # When each is mapped, Then the client is told that code, not the status's
    assert {hint: errors.from_postgrest("PT409", "refused", None, hint).code for hint in hints} == {
        hint: hint for hint in hints
    }


def _session(last_activity_at: datetime) -> Session:
    return Session.model_validate(
        {
            "id": str(uuid.uuid4()),
            "created_at": last_activity_at,
            "updated_at": last_activity_at,
            "status": "open",
            "customer_name": "Ada",
            "customer_email": None,
            "metadata": {},
            "closed_at": None,
            "last_message_at": None,
            "last_activity_at": last_activity_at,
            "last_seq": 0,
            "message_count": 0,
            "last_message_preview": None,
        }
    )


@pytest.mark.parametrize(
    "last_activity_at",
    [
        datetime(2026, 11, 25, 16, 0, 0, tzinfo=UTC),
        datetime(2026, 11, 25, 16, 0, 0, 123456, tzinfo=UTC),
        datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-5))),
    ],
    ids=["whole-second", "microseconds", "other-offset"],
)
def test_a_cursor_brings_back_exactly_the_position_it_was_made_from(last_activity_at):
    session = _session(last_activity_at)

    cursor = encode_cursor(session)

    assert decode_cursor(cursor) == (last_activity_at, session.id)
    assert cursor.isascii() and "=" not in cursor and "/" not in cursor and "+" not in cursor


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not base64 at all!",
        "bm90IGEgY3Vyc29y",  # "not a cursor"
        "MjAyNi0xMS0yNXxub3QtYS11dWlk",  # "2026-11-25|not-a-uuid"
        "eWVzdGVyZGF5fDljMWYwZmUwLTk4ZDgtNGRkNy1iYjI3LTc4YjZkY2Q2NDRkYQ",  # "yesterday|<uuid>"
        "__8",  # bytes that are not UTF-8
        "MjAyNi0xMS0yNXxhfGI",  # "2026-11-25|a|b"
    ],
    ids=["empty", "not-base64", "no-separator", "bad-id", "bad-time", "not-utf8", "three-parts"],
)
def test_a_cursor_this_api_did_not_make_is_a_400(cursor):
    with pytest.raises(errors.BadRequest, match="cursor is not one this API returned"):
        decode_cursor(cursor)
