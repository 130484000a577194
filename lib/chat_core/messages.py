"""Message services: the sender comes from the caller, the rules from the SQL function."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from chat_core import attachments, rpc
from chat_core.auth import Caller
from chat_core.errors import Forbidden
from chat_core.models import Message, MessagePage, ReadCursor, ReadRequest, SenderType, SendMessageRequest
from chat_core.observability import metrics


@dataclass(frozen=True)
class SendResult:
    message: Message
    created: bool  # False when a retried client_msg_id returned the original


def _sender_type(caller: Caller, claimed: SenderType | None) -> SenderType:
    """The credential decides; a sender_type in the body may only agree with it."""
    if claimed is not None and claimed != caller.role:
        raise Forbidden(f"you cannot send as {claimed}")
    return "admin" if caller.is_admin else "customer"


def send_message(caller: Caller, request: SendMessageRequest) -> SendResult:
    """Any attachments are checked and kept in S3 first, so the stored message never refers to
    a file that is not there."""
    caller.require_chat(request.chat_id)
    attached = attachments.checked_attachments(request.chat_id, request.attachments)
    result = rpc.call(
        "chat_send_message",
        {
            "p_chat_id": str(request.chat_id),
            "p_sender_type": _sender_type(caller, request.sender_type),
            "p_sender_id": caller.subject,
            "p_content": request.content,
            "p_client_msg_id": str(request.client_msg_id) if request.client_msg_id else None,
            "p_attachments": [attachment.model_dump(mode="json", exclude_none=True) for attachment in attached],
        },
        write=True,
    )
    attachments.forget_pending(request.chat_id, attached)
    if result["created"]:
        metrics.add_metric(name="MessagesSent", unit="Count", value=1)
    return SendResult(message=Message.model_validate(result["message"]), created=result["created"])


def list_messages(
    caller: Caller, chat_id: UUID, after_seq: int | None, before_seq: int | None, limit: int
) -> MessagePage:
    caller.require_chat(chat_id)
    page = rpc.call(
        "chat_list_messages",
        {
            "p_chat_id": str(chat_id),
            "p_after_seq": after_seq,
            "p_before_seq": before_seq,
            "p_limit": limit,
            "p_caller": caller.subject,
            "p_as_admin": caller.is_admin,
        },
    )
    return MessagePage.model_validate(page)


def mark_read(caller: Caller, request: ReadRequest) -> ReadCursor:
    """Move the caller's read cursor in a chat forward to `request.seq` (never back)."""
    caller.require_chat(request.chat_id)
    cursor = rpc.call(
        "chat_mark_read",
        {
            "p_chat_id": str(request.chat_id),
            "p_reader_type": caller.role,
            "p_reader_id": caller.subject,
            "p_seq": request.seq,
        },
        write=True,
    )
    return ReadCursor.model_validate(cursor)
