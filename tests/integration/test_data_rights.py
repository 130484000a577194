"""Data rights and retention (issue 16, items 5 and 6): an owner's export and erasure of one
customer email, leaving nothing behind in the database or the bucket, and the retention pass
that erases only closed chats past the period."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
from chat_core import attachments
from chat_core.config import get_settings
from psycopg import sql

CHAT_TABLES = {
    "public.chat_messages": "chat_id",
    "public.chat_notes": "chat_id",
    "public.chat_read_cursors": "chat_id",
    "public.chat_presence": "chat_id",
    "chat_private.chat_links": "chat_id",
    "chat_private.notifications": "chat_id",
    "chat_private.push_subscriptions": "chat_id",
    "chat_private.customer_email_optouts": "chat_id",
    "chat_private.export_files": "chat_id",
    "public.chat_sessions": "id",
}


def _rows_left(db, chat_ids: list[str]) -> dict[str, int]:
    counts = {}
    for table, column in CHAT_TABLES.items():
        query = sql.SQL("select count(*) from {} where {} = any(%s::uuid[])").format(
            sql.Identifier(*table.split(".")), sql.Identifier(column)
        )
        counts[table] = db.execute(query, (chat_ids,)).fetchone()["count"]
    return counts


def _files_left(chat_ids: list[str]) -> list[str]:
    s3, bucket = attachments.s3_client(), attachments.bucket_name(get_settings())
    return [
        item["Key"]
        for chat_id in chat_ids
        for prefix in ("chats", "pending", "exports")
        for item in s3.list_objects_v2(Bucket=bucket, Prefix=f"{prefix}/{chat_id}/").get("Contents", [])
    ]


def _every_object() -> dict[str, bytes]:
    """Every object in the bucket, under any prefix, with its content."""
    s3, bucket = attachments.s3_client(), attachments.bucket_name(get_settings())
    keys = [
        item["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for item in page.get("Contents", [])
    ]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def _attach(message_api, chat_id: str) -> None:
    ticket = message_api.at("/uploads")(
        "POST", body={"chat_id": chat_id, "file_name": "id.txt", "content_type": "text/plain", "size": 5}
    ).body
    requests.post(ticket["url"], data=ticket["fields"], files={"file": ("id.txt", b"hello")}, timeout=10)
    message_api("POST", body={"chat_id": chat_id, "content": "my id", "attachments": [ticket["upload_id"]]})


@pytest.fixture
def customer(chats, message_api, db):
    """A customer email (mixed case in one chat) with two chats: messages, a file, a note, a
    transcript, a read cursor, a pending notification; and another customer's chat."""
    email = f"erase-{uuid.uuid4().hex[:8]}@example.com"
    first, second = chats.create(name="Erin", email=email), chats.create(name="Erin", email=email.upper())
    other = chats.create(name="Keep Me", email=f"keep-{uuid.uuid4().hex[:8]}@example.com")
    for chat in (first, second, other):
        chats.send(chat["id"], "Hello from me")
        chats.send(chat["id"], "Hello from support", sender="admin")
        _attach(message_api, chat["id"])
        message_api.at("/notes")("POST", body={"chat_id": chat["id"], "body": "a note"})
        message_api.at("/transcript")("GET", query={"chatId": chat["id"], "format": "txt"})
    return {"email": email, "chats": [first["id"], second["id"]], "other": other["id"]}


def test_erasing_a_customer_leaves_nothing_of_it_in_the_database_or_the_bucket(session_api, customer, db):
    # Given the customer's two chats hold rows and files
    assert _files_left(customer["chats"]) != []

    # When an owner erases the email
    answer = session_api.at("/customer-data/erase")("POST", body={"email": customer["email"]})

    # Then it says how much, and nothing of those chats is left, in any table or under any prefix
    assert answer.status == 200, answer.body
    assert {k: answer.body[k] for k in ("chats", "messages", "notes")} == {"chats": 2, "messages": 6, "notes": 2}
    assert answer.body["objects"] == 4  # two files and two transcripts
    assert set(_rows_left(db, customer["chats"]).values()) == {0}
    assert _files_left(customer["chats"]) == []


def test_erasure_deletes_every_export_that_holds_the_customer_and_its_links_stop_working(session_api, customer):
    # Given a customer-data export and a bulk export (with another customer's chat) holding its chats
    personal = session_api.at("/customer-data")("POST", body={"email": customer["email"]})
    # The last two minutes: the customer's chats and the other one, not every chat the run made
    # (a busy hour's export would spend the export budget this test is not about).
    window = {"from": (datetime.now(UTC) - timedelta(minutes=2)).isoformat(), "to": datetime.now(UTC).isoformat()}
    bulk = session_api.at("/export")("POST", body={**window, "format": "csv"})
    assert (personal.status, bulk.status) == (200, 200), (personal.body, bulk.body)
    assert [requests.get(link.body["url"], timeout=10).status_code for link in (personal, bulk)] == [200, 200]

    # When an owner erases the customer
    answer = session_api.at("/customer-data/erase")("POST", body={"email": customer["email"]})

    # Then no object under any prefix of the bucket holds its email or its chats, and the links issued
    # before the erasure no longer download anything
    assert answer.status == 200, answer.body
    traces = [customer["email"].lower().encode(), *(chat_id.encode() for chat_id in customer["chats"])]
    holding = [
        key
        for key, content in _every_object().items()
        if any(t in content.lower() or t.decode() in key for t in traces)
    ]
    assert holding == []
    assert [requests.get(link.body["url"], timeout=10).status_code for link in (personal, bulk)] == [404, 404]


def test_a_suppressed_address_is_kept_only_as_its_hash(db):
    # Given SES reports a permanent bounce whose diagnostic quotes the address
    from chat_core import rpc

    address = f"Bounced-{uuid.uuid4().hex[:8]}@Example.com"
    rpc.call(
        "chat_suppress_email",
        {"p_email": address, "p_reason": "bounce", "p_detail": f"550 <{address}> unknown"},
        write=True,
    )

    # Then the suppression holds the address's SHA-256 and a diagnostic without it, never the address
    row = db.execute("select * from chat_private.email_suppressions order by suppressed_at desc limit 1").fetchone()
    assert bytes(row["email_sha256"]) == hashlib.sha256(address.lower().encode()).digest()
    assert row["detail"] == "550 <<address>> unknown"
    assert address.lower() not in json.dumps(row, default=str).lower()


def test_erasure_touches_no_other_customer(session_api, customer, db):
    session_api.at("/customer-data/erase")("POST", body={"email": customer["email"]})

    left = _rows_left(db, [customer["other"]])
    assert (left["public.chat_sessions"], left["public.chat_messages"], left["public.chat_notes"]) == (1, 3, 1)
    assert len(_files_left([customer["other"]])) == 2


def test_erasure_leaves_an_audit_record_without_content(session_api, customer, db, admin_session):
    session_api.at("/customer-data/erase")("POST", body={"email": customer["email"]})

    record = db.execute("select * from chat_private.erasures order by id desc limit 1").fetchone()
    assert record["erased_by"] == admin_session["user"]["id"] and record["reason"] == "customer_request"
    assert record["subject_sha256"] == hashlib.sha256(customer["email"].lower().encode()).hexdigest()
    assert (record["chats"], record["messages"], record["objects"]) == (2, 6, 4)
    assert customer["email"] not in json.dumps(record, default=str)


def test_an_owner_exports_everything_about_a_customer_and_nothing_else(session_api, customer):
    answer = session_api.at("/customer-data")("POST", body={"email": customer["email"].title()})

    export = requests.get(answer.body["url"], timeout=10).json()
    assert (export["format"], export["version"]) == ("customer-chat-data-export", 1)
    assert sorted(chat["chat"]["id"] for chat in export["chats"]) == sorted(customer["chats"])
    assert all(
        [m["content"] for m in chat["messages"]][:2] == ["Hello from me", "Hello from support"]
        for chat in export["chats"]
    )
    assert all([n["body"] for n in chat["notes"]] == ["a note"] for chat in export["chats"])
    assert answer.body["messages"] == 6


@pytest.mark.parametrize("route", ["/customer-data", "/customer-data/erase"])
def test_only_an_owner_may_export_or_erase(session_api, second_admin_token, customer, route):
    answer = session_api.as_(second_admin_token).at(route)("POST", body={"email": customer["email"]})

    assert answer.status == 403
    assert _files_left(customer["chats"]) != []


def test_retention_erases_only_closed_chats_past_the_period(session_api, chats, db):
    from chat_core.data_rights import erase_expired

    # Given a chat closed 40 days ago, one closed yesterday, and one open for 40 days
    old_closed, new_closed, old_open = (chats.create(name=f"Retention {n}")["id"] for n in range(3))
    for chat_id in (old_closed, new_closed, old_open):
        chats.send(chat_id, "hello")
    for chat_id in (old_closed, new_closed):
        session_api("DELETE", query={"id": chat_id})
    db.execute("update public.chat_sessions set closed_at = now() - interval '40 days' where id = %s", (old_closed,))
    db.execute("update public.chat_sessions set closed_at = now() - interval '1 day' where id = %s", (new_closed,))
    db.execute("update public.chat_sessions set created_at = now() - interval '40 days' where id = %s", (old_open,))

    # When the scheduled job runs with a 30-day period
    erased = erase_expired(30)

    # Then only the chat closed 40 days ago is gone, with a retention audit record
    assert erased["chats"] >= 1
    assert _rows_left(db, [old_closed])["public.chat_sessions"] == 0
    assert _rows_left(db, [new_closed, old_open])["public.chat_sessions"] == 2
    record = db.execute("select * from chat_private.erasures order by id desc limit 1").fetchone()
    assert (record["reason"], record["erased_by"], record["subject_sha256"]) == ("retention", "retention", None)
