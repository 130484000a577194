"""Private notes: what admins write in a chat for each other."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from chat_core import notes
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    MAX_PAGE_SIZE,
    Note,
    NoteList,
    NoteRequest,
)

router = create_router()


@router.get(
    "/chat-message/notes",
    summary="A page of a chat's private notes, oldest first; the newest page first (admin)",
    security=BEARER,
    responses=responses({200: (NoteList, "A page of the chat's notes (at most about 1 MB)")}),
)
def list_notes(
    chat_id: Annotated[UUID, Query(alias="chatId")],
    cursor: Annotated[str | None, Query(max_length=200, description="next_cursor: the page of older notes")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = MAX_PAGE_SIZE,
) -> NoteList:
    return notes.list_notes(caller(router), chat_id, cursor, limit)


@router.post(
    "/chat-message/notes",
    status_code=201,
    summary="Write a private note in a chat, for admins only (admin)",
    security=BEARER,
    responses=responses({201: (Note, "Stored")}),
)
def add_note(request: NoteRequest) -> Note:
    return notes.add_note(caller(router), request)
