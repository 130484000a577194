"""chat-message: send and fetch messages (the seed's chat-message function), attachments,
read cursors, and the team's saved replies."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query
from chat_core import attachments, messages, notes, replies, transcripts
from chat_core.http import BEARER, caller, create_app, lambda_entry, responses
from chat_core.models import (
    MAX_PAGE_SIZE,
    MAX_SEQ,
    AttachmentLink,
    DeletedReply,
    MessageEnvelope,
    MessagePage,
    Note,
    NoteList,
    NoteRequest,
    ReadCursor,
    ReadRequest,
    SavedReply,
    SavedReplyList,
    SaveReplyRequest,
    SendMessageRequest,
    TranscriptFile,
    TranscriptFormat,
    UploadRequest,
    UploadTicket,
)

app = create_app()


@app.get(
    "/chat-message",
    summary="Fetch a chat's messages in seq order",
    security=BEARER,
    responses=responses({200: (MessagePage, "A page of messages in seq order")}),
)
def list_messages(
    chat_id: Annotated[UUID, Query(alias="chatId")],
    after_seq: Annotated[int | None, Query(ge=0, le=MAX_SEQ)] = None,
    before_seq: Annotated[int | None, Query(ge=1, le=MAX_SEQ)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> MessagePage:
    return messages.list_messages(caller(app), chat_id, after_seq, before_seq, limit)


@app.post(
    "/chat-message/uploads",
    status_code=201,
    summary="Sign a browser's upload of one file straight to S3 (the chat's customer or an admin)",
    security=BEARER,
    responses=responses({201: (UploadTicket, "POST the file to url with these fields; S3 enforces the policy")}),
)
def sign_upload(request: UploadRequest) -> UploadTicket:
    return attachments.upload_ticket(caller(app), request)


@app.get(
    "/chat-message/attachment",
    summary="A short-lived link to one of a chat's attachments (the chat's customer or an admin)",
    security=BEARER,
    responses=responses({200: (AttachmentLink, "The attachment and a link valid for minutes")}),
)
def attachment_link(
    chat_id: Annotated[UUID, Query(alias="chatId")],
    id: Annotated[UUID, Query(description="The attachment's id")],
) -> AttachmentLink:
    return attachments.download_link(caller(app), chat_id, id)


@app.get(
    "/chat-message/transcript",
    summary="A chat's transcript as a file: JSON, CSV, text or a printable page (the chat's customer or an admin)",
    description=(
        "Written to S3 whatever its size and returned as a 5-minute link. An admin's holds the chat's "
        "private notes (not the CSV, one row per message); a customer's never does. Attachments appear "
        "by name with a link that lasts a week."
    ),
    security=BEARER,
    responses=responses({200: (TranscriptFile, "The transcript, ready to download")}),
)
def transcript(
    chat_id: Annotated[UUID, Query(alias="chatId")],
    format: Annotated[TranscriptFormat, Query(description="json (versioned, complete), csv, txt or html")] = "json",
) -> TranscriptFile:
    return transcripts.export(caller(app), chat_id, format)


@app.post(
    "/chat-message",
    status_code=201,
    summary="Send a message (201; 200 when a retried client_msg_id returns the original)",
    security=BEARER,
    responses=responses(
        {
            201: (MessageEnvelope, "Stored"),
            200: (MessageEnvelope, "A retry: the message stored before under this client_msg_id"),
        }
    ),
)
def send_message(request: SendMessageRequest) -> Response[MessageEnvelope]:
    result = messages.send_message(caller(app), request)
    return Response(
        status_code=201 if result.created else 200,
        content_type=content_types.APPLICATION_JSON,
        body=MessageEnvelope(message=result.message),
    )


@app.post(
    "/chat-message/read",
    summary="Mark a chat read up to a seq (the caller's read cursor; it never moves back)",
    security=BEARER,
    responses=responses({200: (ReadCursor, "The caller's read cursor in this chat")}),
)
def mark_read(request: ReadRequest) -> ReadCursor:
    return messages.mark_read(caller(app), request)


@app.get(
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
    return notes.list_notes(caller(app), chat_id, cursor, limit)


@app.post(
    "/chat-message/notes",
    status_code=201,
    summary="Write a private note in a chat, for admins only (admin)",
    security=BEARER,
    responses=responses({201: (Note, "Stored")}),
)
def add_note(request: NoteRequest) -> Note:
    return notes.add_note(caller(app), request)


@app.get(
    "/chat-message/replies",
    summary="A page of the team's saved replies, by title (admin)",
    security=BEARER,
    responses=responses({200: (SavedReplyList, "A page of saved replies (at most about 1 MB)")}),
)
def list_replies(
    cursor: Annotated[str | None, Query(max_length=1000, description="next_cursor: the next page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = MAX_PAGE_SIZE,
) -> SavedReplyList:
    return replies.list_replies(caller(app), cursor, limit)


@app.post(
    "/chat-message/replies",
    summary="Save a new reply, or (with id) change one (admin)",
    security=BEARER,
    responses=responses({200: (SavedReply, "The saved reply")}),
)
def save_reply(request: SaveReplyRequest) -> SavedReply:
    return replies.save_reply(caller(app), request)


@app.delete(
    "/chat-message/replies",
    summary="Delete a saved reply (admin)",
    security=BEARER,
    responses=responses({200: (DeletedReply, "Deleted")}),
)
def delete_reply(id: Annotated[UUID, Query()]) -> DeletedReply:
    return replies.delete_reply(caller(app), id)


lambda_handler = lambda_entry(app)
