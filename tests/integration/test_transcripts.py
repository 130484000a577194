"""Transcripts (issue 16, item 2): each format parsed back and checked against the messages, the
customer's without private notes, and a chat too large for a Lambda response through S3."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import requests

TRICKY = [
    "Ünïcödé ✓ 日本語 🎉",
    'a line, with "quotes", commas\nand a second line',
    '=HYPERLINK("http://evil.example","click")',
    "+1 555 0100",
    "<script>alert('x')</script> & more",
]


def _download(api, chat_id: str, fmt: str) -> tuple[dict, str]:
    answer = api.at("/transcript")("GET", query={"chatId": chat_id, "format": fmt})
    assert answer.status == 200, answer.body
    fetched = requests.get(answer.body["url"], timeout=30)
    assert fetched.status_code == 200
    return answer.body, fetched.content.decode("utf-8")


@pytest.fixture
def tricky_chat(chats, message_api):
    """A chat holding TRICKY (customer and admin in turn) and one private note."""
    chat = chats.create(name="Trans Script", email="t@example.com")
    for n, text in enumerate(TRICKY):
        chats.send(chat["id"], text, sender="admin" if n % 2 else "customer")
    message_api.at("/notes")("POST", body={"chat_id": chat["id"], "body": "Internal: handle with care"})
    return chat


def test_the_json_transcript_is_complete_versioned_and_holds_the_notes_for_an_admin(message_api, tricky_chat):
    meta, text = _download(message_api, tricky_chat["id"], "json")

    transcript = json.loads(text)
    assert (transcript["format"], transcript["version"]) == ("customer-chat-transcript", 1)
    assert transcript["chat"]["customer_name"] == "Trans Script"
    assert [m["content"] for m in transcript["messages"]] == TRICKY
    assert [m["seq"] for m in transcript["messages"]] == [1, 2, 3, 4, 5]
    assert [m["sender_name"] for m in transcript["messages"][:2]] == ["Trans Script", "Test Admin"]
    assert [n["body"] for n in transcript["notes"]] == ["Internal: handle with care"]
    assert (meta["messages"], meta["format"], meta["bytes"]) == (5, "json", len(text.encode()))


def test_the_csv_transcript_has_one_row_per_message_and_no_formula_a_spreadsheet_would_run(message_api, tricky_chat):
    _, text = _download(message_api, tricky_chat["id"], "csv")

    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    contents = [row["content"] for row in rows]
    assert contents[:2] == TRICKY[:2]  # unicode, commas, quotes and newlines come back whole
    assert contents[2] == "'" + TRICKY[2] and contents[3] == "'" + TRICKY[3]  # formula-looking: quoted
    assert contents[4] == TRICKY[4]
    assert [row["sender_type"] for row in rows] == ["customer", "admin", "customer", "admin", "customer"]


def test_the_text_and_printable_transcripts_show_every_message_and_run_nothing(message_api, tricky_chat):
    _, text = _download(message_api, tricky_chat["id"], "txt")
    _, page = _download(message_api, tricky_chat["id"], "html")

    assert "] Trans Script: Ünïcödé ✓ 日本語 🎉\n" in text
    assert 'a line, with "quotes", commas\n    and a second line' in text  # continuation indented
    assert "Private notes (admins only)" in text and "Internal: handle with care" in text
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in page
    assert page.startswith("<!doctype html>") and "@media print" in page


def test_a_customers_transcript_never_holds_private_notes(message_api, chats, tricky_chat):
    customer = message_api.as_(chats.customer_token(tricky_chat["id"]))

    _, as_json = _download(customer, tricky_chat["id"], "json")
    _, as_text = _download(customer, tricky_chat["id"], "txt")

    assert "notes" not in json.loads(as_json)
    assert "Internal" not in as_text and "Private notes" not in as_text


def test_a_customer_cannot_export_another_chat(message_api, chats, tricky_chat):
    other = chats.create(name="Other")

    answer = message_api.as_(chats.customer_token(other["id"])).at("/transcript")(
        "GET", query={"chatId": tricky_chat["id"], "format": "json"}
    )

    assert answer.status == 403


def test_an_attachment_appears_by_name_with_a_link_to_it(message_api, chats):
    chat = chats.create(name="With File")
    ticket = message_api.at("/uploads")(
        "POST", body={"chat_id": chat["id"], "file_name": "notes.txt", "content_type": "text/plain", "size": 5}
    ).body
    requests.post(ticket["url"], data=ticket["fields"], files={"file": ("notes.txt", b"hello")}, timeout=10)
    message_api("POST", body={"chat_id": chat["id"], "content": "see file", "attachments": [ticket["upload_id"]]})

    _, text = _download(message_api, chat["id"], "json")

    [file] = json.loads(text)["messages"][0]["attachments"]
    assert (file["name"], file["type"], file["size"]) == ("notes.txt", "text/plain", 5)
    assert "/chats/" in file["url"] and "Signature=" in file["url"]


def test_a_chat_too_large_for_a_lambda_response_is_exported_whole_through_s3(message_api, chats, db):
    # Given a chat of 2,300 messages of 4,000 characters: 9 MB, above Lambda's 6 MB response
    chat = chats.create(name="Huge")
    with db.transaction():
        db.execute("set local session_replication_role = replica")  # stored as a restore would: no triggers
        db.execute(
            """
            insert into public.chat_messages (chat_id, sender_type, sender_id, content, seq)
            select %s, 'customer', 'seed', repeat('x', 3990) || lpad(n::text, 10, '0'), n
            from generate_series(1, 2300) n
            """,
            (chat["id"],),
        )
        db.execute("update public.chat_sessions set last_seq = 2300 where id = %s", (chat["id"],))

    # When an admin exports it
    meta, text = _download(message_api, chat["id"], "csv")

    # Then the file holds every message, in order
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert meta["bytes"] > 6 * 1024 * 1024 and meta["messages"] == 2300
    assert [int(row["seq"]) for row in rows] == list(range(1, 2301))
    assert rows[-1]["content"].endswith("0000002300")


def test_an_unknown_format_is_refused(message_api, chat):
    answer = message_api.at("/transcript")("GET", query={"chatId": chat["id"], "format": "xlsx"})

    assert (answer.status, answer.body["error"]["code"]) == (422, "validation_failed")


def test_the_transcripts_link_works_only_as_signed_and_not_after_it_expires(message_api, chat):
    from chat_core import attachments

    # Given a transcript, and a link to it signed for one second
    meta, _ = _download(message_api, chat["id"], "txt")
    bucket, key = urlsplit(meta["url"]).path.lstrip("/").split("/", 1)
    short = attachments.s3_client().generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=1
    )

    # When the link is altered, or used after its second
    altered = requests.get(meta["url"].replace(".txt", ".csv"), timeout=10)
    time.sleep(2)
    late = requests.get(short, timeout=10)

    # Then S3 refuses both
    assert (altered.status_code, late.status_code) == (403, 403)
    assert b"Request has expired" in late.content


def test_a_bulk_export_holds_every_chat_created_in_the_range_with_its_messages(session_api, chats, db):
    # Given three chats, one created before the range
    inside = [chats.create(name=f"Bulk {n}", email=f"bulk{n}@example.com")["id"] for n in range(2)]
    before = chats.create(name="Too Early")["id"]
    for n, chat_id in enumerate([*inside, before]):
        chats.send(chat_id, f'message, number {n}\nwith "quotes"')
        chats.send(chat_id, "=SUM(A1:A9)", sender="admin")
    db.execute("update public.chat_sessions set created_at = now() - interval '10 days' where id = %s", (before,))
    window = {"from": (datetime.now(UTC) - timedelta(hours=1)).isoformat(), "to": datetime.now(UTC).isoformat()}

    # When an admin exports the last hour as NDJSON and as CSV
    as_ndjson = session_api.at("/export")("POST", body={**window, "format": "ndjson"}).body
    as_csv = session_api.at("/export")("POST", body={**window, "format": "csv"}).body
    lines = [json.loads(line) for line in requests.get(as_ndjson["url"], timeout=10).text.splitlines()]
    rows = list(csv.DictReader(io.StringIO(requests.get(as_csv["url"], timeout=10).content.decode(), newline="")))

    # Then both hold exactly those chats' messages, the formula quoted in the CSV
    ours = set(inside)
    assert {line["id"] for line in lines if line["type"] == "chat"} >= ours and before not in {
        line.get("id") for line in lines
    }
    messages = [line for line in lines if line["type"] == "message" and line["chat_id"] in ours]
    assert sorted(m["content"] for m in messages) == sorted(
        ['message, number 0\nwith "quotes"', 'message, number 1\nwith "quotes"', "=SUM(A1:A9)", "=SUM(A1:A9)"]
    )
    csv_ours = [row for row in rows if row["chat_id"] in ours]
    assert sorted(row["content"] for row in csv_ours) == sorted(
        ['message, number 0\nwith "quotes"', 'message, number 1\nwith "quotes"', "'=SUM(A1:A9)", "'=SUM(A1:A9)"]
    )
    assert before not in {row["chat_id"] for row in rows}


def test_a_bulk_export_needs_a_range_that_ends_after_it_starts(session_api):
    answer = session_api.at("/export")("POST", body={"from": "2026-11-02T00:00:00Z", "to": "2026-11-01T00:00:00Z"})

    assert (answer.status, answer.body["error"]["code"]) == (422, "validation_failed")


@pytest.fixture
def old_chats(db):
    """old_chats(n, messages_each): n chats created on one day of 2001 (no other test's), each
    with that many messages, written as a restore would (triggers off: no notifications, no
    Realtime changes for thousands of rows nobody watches); deleted after, likewise."""
    made: list[str] = []

    def make(count: int, messages_each: int) -> tuple[str, str]:
        with db.transaction():
            db.execute("set local session_replication_role = replica")
            ids = [
                str(row["id"])
                for row in db.execute(
                    "insert into public.chat_sessions (customer_name, created_at)"
                    " select 'Archived ' || n, timestamptz '2001-02-03 00:00:00+00' + make_interval(secs => n)"
                    " from generate_series(1, %s) n returning id",
                    (count,),
                ).fetchall()
            ]
            db.execute(
                "insert into public.chat_messages (chat_id, sender_type, content, seq)"
                " select id, 'customer', 'old message ' || seq, seq"
                " from unnest(%s::uuid[]) id, generate_series(1, %s) seq",
                (ids, messages_each),
            )
        made.extend(ids)
        return "2001-02-03T00:00:00Z", "2001-02-04T00:00:00Z"

    yield make
    with db.transaction():
        db.execute("set local session_replication_role = replica")
        for table, column in (
            ("chat_private.export_files", "chat_id"),
            ("public.chat_messages", "chat_id"),
            ("public.chat_sessions", "id"),
        ):
            db.execute(f"delete from {table} where {column} = any(%s::uuid[])", (made,))  # noqa: S608


def test_a_bulk_export_of_many_pages_works_and_leaves_the_admin_able_to_read(session_api, old_chats, rate_limit):
    # Given 2,000 chats of a day (ten pages of the export's reads), two messages each, and
    # production's read budget (600 a minute). Larger days are bench work: on a loaded 2-core
    # machine 5,000 chats can outlast the invocation, which then answers 413 as it should.
    start, end = old_chats(2000, 2)
    rate_limit("read_per_caller", 600, 60)

    # When an admin exports that day
    answer = session_api.at("/export")("POST", body={"from": start, "to": end, "format": "ndjson"})

    # Then every chat and message is in the file, and the admin's reads are as they were
    assert answer.status == 200, answer.body
    lines = [json.loads(line) for line in requests.get(answer.body["url"], timeout=30).text.splitlines()]
    assert (sum(line["type"] == "chat" for line in lines), answer.body["messages"]) == (2000, 4000)
    assert session_api("GET").status == 200


def test_a_range_too_large_to_write_in_time_is_refused_before_the_gateway_gives_up(session_api, old_chats, db):
    from local.lambda_runtime import LambdaContext

    # Given a day of 600 chats, and an invocation with less time left than writing them takes
    start, end = old_chats(600, 2)
    exports_before = db.execute("select count(distinct key) as n from chat_private.export_files").fetchone()["n"]

    # When an admin exports that day
    answer = session_api.at("/export")("POST", body={"from": start, "to": end}, context=LambdaContext(timeout_ms=5_100))

    # Then a clear 413 says to export a shorter range, in time, and no file is left behind
    assert (answer.status, answer.body["error"]["code"]) == (413, "export_too_large")
    assert "export a shorter range" in answer.body["error"]["message"]
    exports_after = db.execute("select count(distinct key) as n from chat_private.export_files").fetchone()["n"]
    assert exports_after == exports_before


def test_a_bulk_export_is_charged_a_page_at_a_time_from_a_budget_of_its_own(session_api, old_chats, rate_limit, db):
    # Given 450 chats (three pages) and an export budget of three pages
    start, end = old_chats(450, 1)
    rate_limit("export_pages_per_admin", 3, 600)
    reads = "select count(*) as n from chat_private.rate_events where bucket like 'read:%%'"
    reads_before = db.execute(reads).fetchone()["n"]

    # When an admin exports them
    answer = session_api.at("/export")("POST", body={"from": start, "to": end})

    # Then it is refused once its pages spent the budget (a page of chats, one of their messages, ...)
    assert (answer.status, answer.body["error"]["code"]) == (429, "rate_limited")
    assert int(answer.headers["Retry-After"]) > 0
    # and the admin's read budget was not touched by it
    assert db.execute(reads).fetchone()["n"] == reads_before
