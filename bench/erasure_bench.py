"""Erasing a customer: one email with 50 chats of 100 messages, 2 files each in S3, a note and a
read cursor, erased through the API's service (files first, then rows in one transaction);
time, rows and objects. Baseline in the same run: a customer with one such chat.

    make bench   (or: PYTHONPATH=lib:. .venv/bin/python bench/erasure_bench.py)
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from chat_core.models import CustomerDataRequest  # noqa: E402

from bench.harness import record, running_stack  # noqa: E402
from local.admins import create_admin  # noqa: E402

CHATS, MESSAGES, FILES = 50, 100, 2


def _customer(db: psycopg.Connection[Any], email: str, chats: int, admin: str) -> None:
    """`chats` chats of `email`, each with MESSAGES messages, FILES files in S3, a note, a read cursor."""
    from chat_core import attachments
    from chat_core.config import get_settings

    s3, bucket = attachments.s3_client(), attachments.bucket_name(get_settings())
    db.execute("set session_replication_role = replica")  # stored as a restore would: no triggers
    for _ in range(chats):
        chat_id = db.execute(
            "insert into public.chat_sessions (customer_name, customer_email, last_seq) values ('Bench', %s, %s)"
            " returning id",
            (email, MESSAGES),
        ).fetchone()[0]
        db.execute(
            "insert into public.chat_messages (chat_id, sender_type, sender_id, content, seq)"
            " select %s, 'customer', 'bench', 'message ' || n, n from generate_series(1, %s) n",
            (chat_id, MESSAGES),
        )
        for _ in range(FILES):
            s3.put_object(Bucket=bucket, Key=f"chats/{chat_id}/{uuid.uuid4()}", Body=b"x" * 1024)
        db.execute(
            "insert into public.chat_notes (chat_id, author_id, author_name, body) values (%s, %s, 'Bench', 'a note')",
            (chat_id, admin),
        )
        db.execute(
            "insert into public.chat_read_cursors (chat_id, reader_type, reader_id, seq) values (%s, 'admin', %s, 1)",
            (chat_id, admin),
        )


def main() -> None:
    from chat_core.auth import Caller
    from chat_core.data_rights import erase_customer

    with running_stack() as stack:
        admin = str(create_admin(stack.database_url, "bench@example.com", "bench password", "Bench", role="owner"))
        with psycopg.connect(stack.database_url, autocommit=True) as db:
            _customer(db, "one@example.com", 1, admin)
            _customer(db, "fifty@example.com", CHATS, admin)
        owner = Caller(role="admin", subject=admin)
        results = {}
        for email in ("one@example.com", "fifty@example.com"):
            started = time.perf_counter()
            erased = erase_customer(owner, CustomerDataRequest(email=email))
            results[email] = (time.perf_counter() - started, erased)
    (one_s, one), (fifty_s, fifty) = results["one@example.com"], results["fifty@example.com"]
    rows = fifty.chats + fifty.messages + fifty.notes
    print(f"erasing a customer: {CHATS} chats of {MESSAGES} messages and {FILES} files each, beside one chat")
    print(f"  one chat   {one_s:6.2f} s   {one.chats} chats, {one.messages} messages, {one.objects} files")
    print(
        f"  {CHATS} chats  {fifty_s:6.2f} s   {fifty.chats} chats, {fifty.messages} messages, {fifty.notes} notes,"
        f" {fifty.objects} files ({fifty_s / one_s:.1f}x)"
    )
    record(
        "erasure_bench",
        {
            "chats": fifty.chats,
            "messages": fifty.messages,
            "notes": fifty.notes,
            "rows": rows,
            "objects": fifty.objects,
            "seconds": round(fifty_s, 2),
            "one_chat_seconds": round(one_s, 3),
            "ratio": round(fifty_s / one_s, 1),
        },
    )


if __name__ == "__main__":
    main()
