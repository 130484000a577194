"""A chat's whole history as a file."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from chat_core import transcripts
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    TranscriptFile,
    TranscriptFormat,
)

router = create_router()


@router.get(
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
    return transcripts.export(caller(router), chat_id, format)
