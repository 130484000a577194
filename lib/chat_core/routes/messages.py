"""A chat's messages: fetch in seq order, send, mark read."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query

from chat_core import messages
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    MAX_PAGE_SIZE,
    MAX_SEQ,
    MessageEnvelope,
    MessagePage,
    ReadCursor,
    ReadRequest,
    SendMessageRequest,
)

router = create_router()


@router.get(
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
    return messages.list_messages(caller(router), chat_id, after_seq, before_seq, limit)


@router.post(
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
    result = messages.send_message(caller(router), request)
    return Response(
        status_code=201 if result.created else 200,
        content_type=content_types.APPLICATION_JSON,
        body=MessageEnvelope(message=result.message),
    )


@router.post(
    "/chat-message/read",
    summary="Mark a chat read up to a seq (the caller's read cursor; it never moves back)",
    security=BEARER,
    responses=responses({200: (ReadCursor, "The caller's read cursor in this chat")}),
)
def mark_read(request: ReadRequest) -> ReadCursor:
    return messages.mark_read(caller(router), request)
