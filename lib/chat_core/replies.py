"""Saved replies: the team's canned answers. Admins only; one SQL function each."""

from __future__ import annotations

from uuid import UUID

from chat_core import cursors, rpc
from chat_core.auth import Caller
from chat_core.models import MAX_PAGE_SIZE, DeletedReply, SavedReply, SavedReplyList, SaveReplyRequest


def list_replies(caller: Caller, cursor: str | None = None, limit: int = MAX_PAGE_SIZE) -> SavedReplyList:
    """A page of the team's saved replies by title: the first, or the one after `cursor`."""
    caller.require_admin()
    after_title, after_id = cursors.decode_text(cursor) if cursor else (None, None)
    page = rpc.call(
        "chat_list_saved_replies",
        {
            "p_admin_id": caller.subject,
            "p_after_title": after_title,
            "p_after_id": str(after_id) if after_id else None,
            "p_limit": limit,
        },
    )
    replies = [SavedReply.model_validate(reply) for reply in page["replies"]]
    last = replies[-1] if replies else None
    next_cursor = cursors.encode(last.title, last.id) if page["has_more"] and last else None
    return SavedReplyList(replies=replies, next_cursor=next_cursor)


def save_reply(caller: Caller, request: SaveReplyRequest) -> SavedReply:
    caller.require_admin()
    saved = rpc.call(
        "chat_save_reply",
        {
            "p_id": str(request.id) if request.id else None,
            "p_title": request.title,
            "p_body": request.body,
            "p_admin_id": caller.subject,
        },
        write=True,
    )
    return SavedReply.model_validate(saved)


def delete_reply(caller: Caller, reply_id: UUID) -> DeletedReply:
    caller.require_admin()
    return DeletedReply.model_validate(
        rpc.call("chat_delete_reply", {"p_id": str(reply_id), "p_admin_id": caller.subject}, write=True)
    )
