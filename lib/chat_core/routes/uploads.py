"""Attachments: a presigned upload for a file to send, and a link to download one."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from chat_core import attachments
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    AttachmentLink,
    UploadRequest,
    UploadRules,
    UploadTicket,
)

router = create_router()


@router.get(
    "/chat-message/uploads",
    summary="What a file must be to be attached: its types, size and count (anyone signed in)",
    security=BEARER,
    responses=responses({200: (UploadRules, "The deployment's rules for attachments")}),
)
def upload_rules() -> UploadRules:
    caller(router)  # anyone signed in: a customer's token or an admin's (public facts, not per chat)
    return attachments.upload_rules()


@router.post(
    "/chat-message/uploads",
    status_code=201,
    summary="Sign a browser's upload of one file straight to S3 (the chat's customer or an admin)",
    security=BEARER,
    responses=responses({201: (UploadTicket, "POST the file to url with these fields; S3 enforces the policy")}),
)
def sign_upload(request: UploadRequest) -> UploadTicket:
    return attachments.upload_ticket(caller(router), request)


@router.get(
    "/chat-message/attachment",
    summary="A short-lived link to one of a chat's attachments (the chat's customer or an admin)",
    security=BEARER,
    responses=responses({200: (AttachmentLink, "The attachment and a link valid for minutes")}),
)
def attachment_link(
    chat_id: Annotated[UUID, Query(alias="chatId")],
    id: Annotated[UUID, Query(description="The attachment's id")],
) -> AttachmentLink:
    return attachments.download_link(caller(router), chat_id, id)
