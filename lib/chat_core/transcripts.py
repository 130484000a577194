"""Transcripts: one chat's whole history as a file, in JSON (complete, machine-readable,
versioned), CSV (one row per message), plain text or a printable HTML page. An admin exports
any chat, with its private notes; a customer its own, without them. Files are named, never
inlined: each attachment appears by name with a link that lasts a week.

Any size: the messages are read 2,000 at a time and written to a temporary file as they come
(memory stays at one page whatever the chat's length), which goes to S3 under exports/ (gone
after a day); the answer is a short-lived presigned link to it. Small or large, one path."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any
from uuid import UUID, uuid4

from chat_core import attachments, errors, rpc
from chat_core.auth import Caller
from chat_core.config import get_settings
from chat_core.errors import UpstreamUnavailable
from chat_core.models import BulkExportRequest, ExportFormat, Note, Session, TranscriptFile, TranscriptFormat
from chat_core.notes import all_notes
from chat_core.sessions import get_session

TRANSCRIPT_VERSION = 1
FILE_LINK_SECONDS = 7 * 24 * 3600  # how long a transcript's links to files work
EXPORT_LINK_SECONDS = 300  # how long the link to the transcript itself works
# A bulk export stops writing this long before its invocation ends: time to upload the file
# (tens of MB), sign its link and answer (bench/export_bench.py).
EXPORT_FINISH_SECONDS = 5.0
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "ndjson": "application/x-ndjson",
    "csv": "text/csv",
    "txt": "text/plain",
    "html": "text/html",
}
# OWASP's CSV injection: a cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as the text it is, never runs: a formula-looking start is quoted."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def chat_messages(caller: Caller, chat_id: UUID) -> Iterator[dict[str, Any]]:
    """Every message of the chat, in seq order, read 2,000 at a time."""
    after = 0
    while True:
        page = rpc.call(
            "chat_transcript_messages",
            {
                "p_chat_id": str(chat_id),
                "p_after_seq": after,
                "p_caller": caller.subject,
                "p_as_admin": caller.is_admin,
            },
            write=True,  # the first page spends from the caller's read budget
        )
        yield from page["messages"]
        if not page["has_more"] or not page["messages"]:
            return
        after = page["messages"][-1]["seq"]


class _Entry:
    """One message as every format shows it."""

    def __init__(self, message: dict[str, Any], session: Session, file_links: dict[str, str]) -> None:
        self.seq: int = message["seq"]
        self.created_at: str = message["created_at"]
        self.sender_type: str = message["sender_type"]
        customer = session.customer_name or "Customer"
        self.sender_name: str = (
            customer if self.sender_type == "customer" else (message.get("sender_name") or "Support")
        )
        self.content: str = message["content"]
        self.files = [
            {
                "name": file["name"],
                "type": file["type"],
                "size": file["size"],
                "url": file_links.get(file["id"]),
            }
            for file in message.get("attachments") or []
        ]

    def csv_row(self) -> list[Any]:
        """seq, created_at, sender_type, sender_name, content, attachments ("name <link>; …"),
        each text cell safe from spreadsheets."""
        files = "; ".join(f"{f['name']} <{f['url']}>" if f["url"] else f["name"] for f in self.files)
        return [
            self.seq,
            self.created_at,
            self.sender_type,
            csv_cell(self.sender_name),
            csv_cell(self.content),
            csv_cell(files),
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "created_at": self.created_at,
            "sender_type": self.sender_type,
            "sender_name": self.sender_name,
            "content": self.content,
            "attachments": self.files,
        }

    def when(self) -> str:
        return _when(datetime.fromisoformat(self.created_at))


def _when(moment: datetime) -> str:
    """A moment as the text and printable transcripts show it."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S UTC}"


def json_opening(head: dict[str, Any], array: str) -> str:
    """`head` as a JSON object left open in a last member `array`, a list written an item at a
    time after it: the start of a file too long to hold in memory."""
    return json.dumps(head, ensure_ascii=False)[:-1] + f', "{array}": ['


def _chat_json(session: Session) -> dict[str, Any]:
    return {
        "id": str(session.id),
        "customer_name": session.customer_name,
        "customer_email": session.customer_email,
        "status": session.status,
        "created_at": session.created_at.isoformat(),
        "closed_at": session.closed_at.isoformat() if session.closed_at else None,
    }


def _note_json(note: Note) -> dict[str, Any]:
    return {"created_at": note.created_at.isoformat(), "author_name": note.author_name, "body": note.body}


class _Writer:
    def __init__(self, out: IO[str], session: Session, notes: list[Note] | None) -> None:
        self.out, self.session, self.notes = out, session, notes

    def begin(self) -> None: ...

    def entry(self, entry: _Entry) -> None: ...

    def end(self) -> None: ...


class _JsonWriter(_Writer):
    """{"format", "version", "exported_at", "chat", "notes" (admins only), "messages": [...]}."""

    first = True

    def begin(self) -> None:
        head: dict[str, Any] = {
            "format": "customer-chat-transcript",
            "version": TRANSCRIPT_VERSION,
            "exported_at": datetime.now(UTC).isoformat(),
            "chat": _chat_json(self.session),
        }
        if self.notes is not None:
            head["notes"] = [_note_json(note) for note in self.notes]
        self.out.write(json_opening(head, "messages"))

    def entry(self, entry: _Entry) -> None:
        self.out.write(("\n" if self.first else ",\n") + json.dumps(entry.as_json(), ensure_ascii=False))
        self.first = False

    def end(self) -> None:
        self.out.write("\n]}\n")


class _CsvWriter(_Writer):
    """One row per message (notes are not messages: they are in the other formats)."""

    rows: Any  # the csv module's writer, made in begin()

    def begin(self) -> None:
        self.rows = csv.writer(self.out)
        self.rows.writerow(["seq", "created_at", "sender_type", "sender_name", "content", "attachments"])

    def entry(self, entry: _Entry) -> None:
        self.rows.writerow(entry.csv_row())


class _TextWriter(_Writer):
    def begin(self) -> None:
        who = self.session.customer_name or "a customer"
        email = f" <{self.session.customer_email}>" if self.session.customer_email else ""
        self.out.write(f"Chat with {who}{email}\nExported {datetime.now(UTC):%Y-%m-%d %H:%M UTC}\n\n")

    def entry(self, entry: _Entry) -> None:
        body = entry.content.replace("\n", "\n    ")
        self.out.write(f"[{entry.when()}] {entry.sender_name}: {body}\n")
        for file in entry.files:
            self.out.write(f"    [file] {file['name']}" + (f" {file['url']}" if file["url"] else "") + "\n")

    def end(self) -> None:
        if self.notes:
            self.out.write("\nPrivate notes (admins only)\n")
            for note in self.notes:
                body = note.body.replace("\n", "\n    ")
                self.out.write(f"[{_when(note.created_at)}] {note.author_name}: {body}\n")


class _HtmlWriter(_Writer):
    """A page to print: every text escaped, no script, no outside resource."""

    STYLE = (
        "body{font:14px/1.45 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111}"
        "article{border-bottom:1px solid #ddd;padding:.4rem 0;break-inside:avoid}"
        ".who{font-weight:600}.when{color:#555;font-size:12px}.text{white-space:pre-wrap;margin:.2rem 0}"
        ".notes{margin-top:2rem;border-top:2px solid #999}@media print{body{margin:0}a{color:inherit}}"
    )

    def begin(self) -> None:
        who = html.escape(self.session.customer_name or "a customer")
        email = html.escape(self.session.customer_email or "")
        self.out.write(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chat with {who}</title>'
            f"<style>{self.STYLE}</style></head><body><h1>Chat with {who}</h1>"
            f'<p class="when">{email} · exported {datetime.now(UTC):%Y-%m-%d %H:%M UTC}</p>'
        )

    def entry(self, entry: _Entry) -> None:
        files = "".join(
            f'<li><a href="{html.escape(file["url"])}">{html.escape(file["name"])}</a></li>'
            if file["url"]
            else f"<li>{html.escape(file['name'])}</li>"
            for file in entry.files
        )
        self.out.write(
            f'<article><span class="who">{html.escape(entry.sender_name)}</span> '
            f'<span class="when">{entry.when()}</span><p class="text">{html.escape(entry.content)}</p>'
            + (f"<ul>{files}</ul>" if files else "")
            + "</article>"
        )

    def end(self) -> None:
        if self.notes:
            self.out.write('<section class="notes"><h2>Private notes (admins only)</h2>')
            for note in self.notes:
                self.out.write(
                    f'<article><span class="who">{html.escape(note.author_name)}</span> '
                    f'<span class="when">{_when(note.created_at)}</span>'
                    f'<p class="text">{html.escape(note.body)}</p></article>'
                )
            self.out.write("</section>")
        self.out.write("</body></html>\n")


WRITERS: dict[str, type[_Writer]] = {"json": _JsonWriter, "csv": _CsvWriter, "txt": _TextWriter, "html": _HtmlWriter}


def _file_links(chat_id: UUID, message: dict[str, Any], expires: int) -> dict[str, str]:
    """A week-long link to each of the message's files (none where downloads are not set up)."""
    settings = get_settings()
    links = {}
    for file in message.get("attachments") or []:
        try:
            links[file["id"]] = attachments.signed_file_url(
                settings, attachments.stored_key(chat_id, UUID(file["id"])), expires
            )
        except UpstreamUnavailable:
            return {}
    return links


def _entries(session: Session, messages: Iterable[dict[str, Any]]) -> Iterator[_Entry]:
    """The chat's messages as every format shows them (files with week-long links)."""
    file_links_expire = int(time.time()) + FILE_LINK_SECONDS
    for message in messages:
        yield _Entry(message, session, _file_links(session.id, message, file_links_expire))


def write_chat(writer: _Writer, entries: Iterable[_Entry]) -> int:
    """The writer's chat, its messages as they come, into the writer's file; how many."""
    count = 0
    writer.begin()
    for entry in entries:
        writer.entry(entry)
        count += 1
    writer.end()
    return count


def chat_entries(caller: Caller, session: Session) -> Iterator[_Entry]:
    """One chat's messages, a page at a time from the caller's read budget (one charge a chat)."""
    return _entries(session, chat_messages(caller, session.id))


EXPORT_CHATS_PER_PAGE = 200  # the most chats chat_export_messages reads across


def _export_messages(caller: Caller, chat_ids: list[UUID]) -> Iterator[dict[str, Any]]:
    """The messages of these chats (at most EXPORT_CHATS_PER_PAGE), chat by chat in this order,
    each chat's in seq order: 2,000 at a time across chats, one export budget charge a page."""
    positions = {str(chat_id): n for n, chat_id in enumerate(chat_ids, start=1)}
    after_chat, after_seq = 1, 0
    while chat_ids:
        page = rpc.call(
            "chat_export_messages",
            {
                "p_chat_ids": list(positions),
                "p_after_chat": after_chat,
                "p_after_seq": after_seq,
                "p_caller": caller.subject,
            },
            write=True,  # it spends from the export budget
        )
        yield from page["messages"]
        if not page["has_more"] or not page["messages"]:
            return
        last = page["messages"][-1]
        after_chat, after_seq = positions[last["chat_id"]], last["seq"]


def export_entries(caller: Caller, sessions: list[Session]) -> Iterator[tuple[Session, Iterator[_Entry]]]:
    """Each chat with its messages, for an export of many chats: read across a page of chats at
    a time, not a read per chat. Take each chat's entries before the next chat."""
    for first in range(0, len(sessions), EXPORT_CHATS_PER_PAGE):
        yield from _page_entries(caller, sessions[first : first + EXPORT_CHATS_PER_PAGE])


def _page_entries(caller: Caller, page: list[Session]) -> Iterator[tuple[Session, Iterator[_Entry]]]:
    messages = _export_messages(caller, [session.id for session in page])
    pending = next(messages, None)

    def of_chat(session: Session) -> Iterator[dict[str, Any]]:
        nonlocal pending
        while pending is not None and pending["chat_id"] == str(session.id):
            yield pending
            pending = next(messages, None)

    for session in page:
        yield session, _entries(session, of_chat(session))


class S3File:
    """A text file to write (`out`), which goes to S3 at `key`, to be saved as `name`, when the
    `with` block ends; then `link(messages)` is the short-lived link to it."""

    def __init__(self, key: str, name: str, transcript_format: TranscriptFormat | ExportFormat) -> None:
        self.key, self.name, self.format = key, name, transcript_format
        self.size = 0

    def __enter__(self) -> IO[str]:
        self._out = io.TextIOWrapper(tempfile.TemporaryFile(), encoding="utf-8", newline="")
        return self._out

    def __exit__(self, failed: type[BaseException] | None, *_: object) -> None:
        from boto3.s3.transfer import TransferConfig

        raw = self._out.detach()  # the file is the upload's now (which closes it)
        with contextlib.closing(raw):
            if failed:
                return
            self.size = raw.tell()
            raw.seek(0)
            media_type = MEDIA_TYPES[self.format] + ("" if self.format == "json" else "; charset=utf-8")
            attachments.s3_client().upload_fileobj(
                raw,
                attachments.bucket_name(get_settings()),
                self.key,
                # one 8 MiB part at a time: s3transfer's ten threads would hold ten parts in memory
                Config=TransferConfig(use_threads=False),
                ExtraArgs={
                    "ContentType": media_type,
                    "ContentDisposition": attachments.content_disposition(self.name, media_type),
                    "ServerSideEncryption": "AES256",
                },
            )

    def link(self, messages: int) -> TranscriptFile:
        url = attachments.s3_client().generate_presigned_url(
            "get_object",
            Params={"Bucket": attachments.bucket_name(get_settings()), "Key": self.key},
            ExpiresIn=EXPORT_LINK_SECONDS,
        )
        return TranscriptFile(
            url=url,
            expires_at=datetime.fromtimestamp(time.time() + EXPORT_LINK_SECONDS, UTC),
            file_name=self.name,
            format=self.format,
            bytes=self.size,
            messages=messages,
        )


def export(caller: Caller, chat_id: UUID, transcript_format: TranscriptFormat) -> TranscriptFile:
    """The chat's transcript in S3, and a short-lived link to it."""
    session = get_session(caller, chat_id)  # the caller's own chat, or any for an admin
    notes = all_notes(caller, chat_id) if caller.is_admin else None
    name = f"chat-{(session.customer_name or 'transcript')[:40]}-{datetime.now(UTC):%Y%m%d}.{transcript_format}"
    file = S3File(f"exports/{chat_id}/{uuid4()}.{transcript_format}", name, transcript_format)
    with file as out:
        count = write_chat(WRITERS[transcript_format](out, session, notes), chat_entries(caller, session))
    return file.link(count)


BULK_CSV_COLUMNS = [
    "chat_id",
    "customer_name",
    "customer_email",
    "chat_status",
    "chat_created_at",
    "seq",
    "created_at",
    "sender_type",
    "sender_name",
    "content",
    "attachments",
]


def _chats_created(caller: Caller, request: BulkExportRequest, export_key: str) -> Iterator[list[Session]]:
    """The chats created in the range, a page at a time, each page recorded as held by the file."""
    after: Session | None = None
    while True:
        page = rpc.call(
            "chat_export_chats",
            {
                "p_from": request.start.isoformat(),
                "p_to": request.end.isoformat(),
                "p_after_created_at": after.created_at.isoformat() if after else None,
                "p_after_id": str(after.id) if after else None,
                "p_caller": caller.subject,
                "p_export_key": export_key,
            },
            write=True,  # records the file's chats, and spends from the export budget
        )
        chats = [Session.model_validate(chat) for chat in page["chats"]]
        if not chats:  # the end, whatever size the function's pages are
            return
        yield chats
        after = chats[-1]


def bulk_export(caller: Caller, request: BulkExportRequest, remaining_ms: int) -> TranscriptFile:
    """Every chat created in [from, to) and its messages (not notes), for backups and analytics:
    NDJSON ({"type": "chat", …} then {"type": "message", "chat_id", …} lines) or CSV (one row
    per message with its chat's columns), written to S3 as read: a page of chats and one of
    messages in memory at a time, each page one charge of the export budget. `remaining_ms`:
    the invocation's time left; a range that cannot be written in it is refused
    (413 export_too_large) with time to say so, before API Gateway's 504, and nothing is stored."""
    caller.require_admin()
    deadline = time.monotonic() + remaining_ms / 1000 - EXPORT_FINISH_SECONDS
    name = f"chats-{request.start:%Y%m%d}-{request.end:%Y%m%d}.{request.format}"
    file = S3File(f"exports/bulk/{uuid4()}.{request.format}", name, request.format)
    count = 0
    with file as out:
        rows = csv.writer(out)
        if request.format == "csv":
            rows.writerow(BULK_CSV_COLUMNS)
        for chats in _chats_created(caller, request, file.key):
            for session, entries in export_entries(caller, chats):
                if time.monotonic() > deadline:
                    rpc.call("chat_forget_export", {"p_export_key": file.key, "p_caller": caller.subject}, write=True)
                    raise errors.PayloadTooLarge(
                        "the range holds more than one export can write in time (it had reached chats created"
                        f" at {session.created_at.isoformat()}): export a shorter range",
                        code=errors.ErrorCode.EXPORT_TOO_LARGE,
                    )
                chat = _chat_json(session)
                if request.format == "ndjson":
                    out.write(json.dumps({"type": "chat", **chat}, ensure_ascii=False) + "\n")
                for entry in entries:
                    if request.format == "ndjson":
                        out.write(
                            json.dumps(
                                {"type": "message", "chat_id": chat["id"], **entry.as_json()}, ensure_ascii=False
                            )
                            + "\n"
                        )
                    else:
                        rows.writerow(
                            [
                                chat["id"],
                                csv_cell(session.customer_name or ""),
                                csv_cell(session.customer_email or ""),
                                session.status,
                                chat["created_at"],
                                *entry.csv_row(),
                            ]
                        )
                    count += 1
    return file.link(count)
