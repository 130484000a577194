"""Saved replies: the team's canned answers."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from chat_core import replies
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    MAX_PAGE_SIZE,
    DeletedReply,
    SavedReply,
    SavedReplyList,
    SaveReplyRequest,
)

router = create_router()


@router.get(
    "/chat-message/replies",
    summary="A page of the team's saved replies, by title (admin)",
    security=BEARER,
    responses=responses({200: (SavedReplyList, "A page of saved replies (at most about 1 MB)")}),
)
def list_replies(
    cursor: Annotated[str | None, Query(max_length=1000, description="next_cursor: the next page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = MAX_PAGE_SIZE,
) -> SavedReplyList:
    return replies.list_replies(caller(router), cursor, limit)


@router.post(
    "/chat-message/replies",
    summary="Save a new reply, or (with id) change one (admin)",
    security=BEARER,
    responses=responses({200: (SavedReply, "The saved reply")}),
)
def save_reply(request: SaveReplyRequest) -> SavedReply:
    return replies.save_reply(caller(router), request)


@router.delete(
    "/chat-message/replies",
    summary="Delete a saved reply (admin)",
    security=BEARER,
    responses=responses({200: (DeletedReply, "Deleted")}),
)
def delete_reply(id: Annotated[UUID, Query()]) -> DeletedReply:
    return replies.delete_reply(caller(router), id)
