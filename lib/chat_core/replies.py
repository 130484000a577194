"""Saved replies: the team's canned answers. Admins only; one SQL function each."""

from __future__ import annotations

from uuid import UUID

from chat_core import rpc
from chat_core.auth import Caller
from chat_core.models import DeletedReply, SavedReply, SavedReplyList, SaveReplyRequest


def list_replies(caller: Caller) -> SavedReplyList:
    caller.require_admin()
    return SavedReplyList.model_validate(rpc.call("chat_list_saved_replies", {"p_admin_id": caller.subject}))


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
