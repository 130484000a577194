"""Private notes: what admins write in a chat for each other, never for its customer."""

from __future__ import annotations

from uuid import UUID

from chat_core import rpc
from chat_core.auth import Caller
from chat_core.models import Note, NoteList, NoteRequest


def add_note(caller: Caller, request: NoteRequest) -> Note:
    caller.require_admin()
    note = rpc.call(
        "chat_add_note",
        {"p_chat_id": str(request.chat_id), "p_body": request.body, "p_admin_id": caller.subject},
        write=True,
    )
    return Note.model_validate(note)


def list_notes(caller: Caller, chat_id: UUID) -> NoteList:
    caller.require_admin()
    return NoteList.model_validate(
        rpc.call("chat_list_notes", {"p_chat_id": str(chat_id), "p_admin_id": caller.subject})
    )
