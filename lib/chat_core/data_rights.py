"""Data rights and retention: an owner exports everything stored about one customer email (all
its chats, with their notes and files' links, as one JSON file in S3), or erases it (its chats'
files in S3 and every export file that holds any of them, then every row in one transaction,
with an audit record: who, when, how many rows and files, never the content); the scheduled
job erases closed chats past the retention period the same way, a batch at a time. Files go
first: a failure midway leaves rows to erase again, never files that no row points to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from chat_core import attachments, rpc
from chat_core.auth import Caller
from chat_core.config import get_settings
from chat_core.models import CustomerDataRequest, Erasure, Session, TranscriptFile
from chat_core.notes import all_notes
from chat_core.observability import logger
from chat_core.transcripts import TRANSCRIPT_VERSION, S3File, export_entries, json_opening, write_chat
from chat_core.transcripts import WRITERS as TRANSCRIPT_WRITERS

FILE_PREFIXES = ("chats", "pending", "exports")  # where a chat's files are: <prefix>/<chat id>/
RETENTION_BATCH = 20  # chats erased per transaction: a short lock each


@dataclass(frozen=True)
class _CustomerChats:
    chats: list[Session]
    export_files: list[str]  # the S3 keys of export files that hold any of them


def _customer_chats(caller: Caller, email: str, export_key: str | None = None) -> _CustomerChats:
    """The customer's chats (recorded as held by `export_key`'s file, for an export)."""
    found = rpc.call(
        "chat_customer_chats",
        {"p_email": email, "p_caller": caller.subject, "p_export_key": export_key},
        write=export_key is not None,
    )
    return _CustomerChats([Session.model_validate(chat) for chat in found["chats"]], found["export_files"])


def export_customer(caller: Caller, request: CustomerDataRequest) -> TranscriptFile:
    """Every chat of this customer email as one JSON file: {"format": "customer-chat-data-export",
    "version", "email", "exported_at", "chats": [each chat's transcript, notes included]}."""
    caller.require_admin()
    head = {
        "format": "customer-chat-data-export",
        "version": TRANSCRIPT_VERSION,
        "email": request.email,
        "exported_at": datetime.now(UTC).isoformat(),
    }
    file = S3File(f"exports/customers/{uuid4()}.json", f"customer-data-{datetime.now(UTC):%Y%m%d}.json", "json")
    chats = _customer_chats(caller, request.email, file.key).chats
    count = 0
    with file as out:
        out.write(json_opening(head, "chats"))
        for n, (session, entries) in enumerate(export_entries(caller, chats)):
            out.write(",\n" if n else "\n")
            notes = all_notes(caller, session.id)
            count += write_chat(TRANSCRIPT_WRITERS["json"](out, session, notes), entries)
        out.write("]}\n")
    return file.link(count)


def _delete(s3: Any, bucket: str, keys: list[str]) -> int:
    """These objects deleted (1,000 a request, S3's most); how many were asked for."""
    for first in range(0, len(keys), 1000):
        batch = [{"Key": key} for key in keys[first : first + 1000]]
        answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        if answer.get("Errors"):
            raise RuntimeError(f"S3 kept {len(answer['Errors'])} of the files to delete")
    return len(keys)


def delete_files(chat_ids: list[UUID], export_files: Sequence[str] = ()) -> int:
    """Every object under the chats' prefixes, and the export files named, deleted; how many."""
    s3 = attachments.s3_client()
    bucket = attachments.bucket_name(get_settings())
    deleted = _delete(s3, bucket, list(export_files))
    for chat_id in chat_ids:
        for prefix in FILE_PREFIXES:
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/{chat_id}/"):
                deleted += _delete(s3, bucket, [item["Key"] for item in page.get("Contents", [])])
    return deleted


def erase_customer(caller: Caller, request: CustomerDataRequest) -> Erasure:
    """This customer email's chats, files (its exports' too) and rows, gone for good (an owner only)."""
    caller.require_admin()
    found = _customer_chats(caller, request.email)
    chat_ids = [chat.id for chat in found.chats]
    objects = delete_files(chat_ids, found.export_files)
    erased = rpc.call(
        "chat_erase_customer",
        {
            "p_email": request.email,
            "p_chat_ids": [str(chat_id) for chat_id in chat_ids],
            "p_objects": objects,
            "p_caller": caller.subject,
        },
        write=True,
    )
    logger.info("customer erased", extra={"chats": erased["chats"], "messages": erased["messages"]})
    return Erasure.model_validate(erased)


def erase_expired(days: int, batches: int = 5) -> dict[str, Any]:
    """One retention pass: up to `batches` batches of closed chats older than `days`, each batch
    its files, then its rows in one short transaction. The totals erased."""
    totals = {"chats": 0, "messages": 0, "notes": 0, "objects": 0}
    for _ in range(batches):
        due = rpc.call("chat_retention_due", {"p_days": days, "p_limit": RETENTION_BATCH})["chats"]
        if not due:
            break
        objects = delete_files([UUID(chat_id) for chat_id in due])
        erased = rpc.call("chat_erase_expired", {"p_chat_ids": due, "p_days": days, "p_objects": objects}, write=True)
        totals = {name: totals[name] + erased[name] for name in totals}
    return totals
