"""Private notes: what admins write in a chat for each other, never for its customer."""

from __future__ import annotations

from uuid import UUID

from chat_core import cursors, rpc
from chat_core.auth import Caller
from chat_core.models import MAX_PAGE_SIZE, Note, NoteList, NoteRequest


def add_note(caller: Caller, request: NoteRequest) -> Note:
    caller.require_admin()
    note = rpc.call(
        "chat_add_note",
        {"p_chat_id": str(request.chat_id), "p_body": request.body, "p_admin_id": caller.subject},
        write=True,
    )
    return Note.model_validate(note)


def list_notes(caller: Caller, chat_id: UUID, cursor: str | None = None, limit: int = MAX_PAGE_SIZE) -> NoteList:
    """A page of the chat's notes, oldest first: the newest page, or the one before `cursor`."""
    caller.require_admin()
    before_created_at, before_id = cursors.decode_moment(cursor) if cursor else (None, None)
    page = rpc.call(
        "chat_list_notes",
        {
            "p_chat_id": str(chat_id),
            "p_admin_id": caller.subject,
            "p_before_created_at": before_created_at.isoformat() if before_created_at else None,
            "p_before_id": str(before_id) if before_id else None,
            "p_limit": limit,
        },
    )
    notes = [Note.model_validate(note) for note in page["notes"]]
    oldest = notes[0] if notes else None
    next_cursor = cursors.encode(oldest.created_at.isoformat(), oldest.id) if page["has_more"] and oldest else None
    return NoteList(notes=notes, next_cursor=next_cursor)


def all_notes(caller: Caller, chat_id: UUID) -> list[Note]:
    """Every note of the chat, oldest first (a transcript's), read a page at a time."""
    pages: list[list[Note]] = []
    cursor = None
    while True:
        page = list_notes(caller, chat_id, cursor)
        pages.append(page.notes)
        if not (cursor := page.next_cursor):
            return [note for notes in reversed(pages) for note in notes]
