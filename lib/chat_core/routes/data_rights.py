"""Exports and erasure: every chat of a date range, or everything about one customer email."""

from __future__ import annotations

from chat_core import data_rights, transcripts
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    BulkExportRequest,
    CustomerDataRequest,
    Erasure,
    TranscriptFile,
)

router = create_router()


@router.post(
    "/chat-session/export",
    summary="Every chat created in a date range, with its messages, as NDJSON or CSV (admin)",
    description="Written to S3 as it is read (a page at a time), and returned as a 5-minute link.",
    security=BEARER,
    responses=responses({200: (TranscriptFile, "The export, ready to download")}),
)
def bulk_export(request: BulkExportRequest) -> TranscriptFile:
    return transcripts.bulk_export(caller(router), request, router.lambda_context.get_remaining_time_in_millis())


@router.post(
    "/chat-session/customer-data",
    summary="Everything stored about one customer email, across its chats, as one JSON file (owner)",
    security=BEARER,
    responses=responses({200: (TranscriptFile, "Written to S3: a 5-minute link to it")}),
)
def export_customer_data(request: CustomerDataRequest) -> TranscriptFile:
    return data_rights.export_customer(caller(router), request)


@router.post(
    "/chat-session/customer-data/erase",
    summary="Erase everything stored about one customer email: its chats, messages, notes and files (owner)",
    description="Cannot be undone. Leaves an audit record: who, when, how many rows and files; no content.",
    security=BEARER,
    responses=responses({200: (Erasure, "Erased: how much")}),
)
def erase_customer_data(request: CustomerDataRequest) -> Erasure:
    return data_rights.erase_customer(caller(router), request)
