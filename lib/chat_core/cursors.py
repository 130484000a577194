"""A list's cursor: where the next page starts, as (position, id) of the last row shown (an
activity time, a rank, a title), opaque to the client: base64url of "position|id"."""

from __future__ import annotations

import binascii
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from jwt.utils import base64url_decode, base64url_encode

from chat_core.errors import BadRequest

Position = TypeVar("Position")


def encode(position: str, row_id: UUID) -> str:
    return base64url_encode(f"{position}|{row_id}".encode()).decode()


def decode(cursor: str, read_position: Callable[[str], Position]) -> tuple[Position, UUID]:
    """(position, id) from a cursor `encode` made; a 400 for anything else."""
    try:
        raw = base64url_decode(cursor).decode()
        position, row_id = raw.rsplit("|", 1)
        return read_position(position), UUID(row_id)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadRequest("cursor is not one this API returned") from exc


def decode_moment(cursor: str) -> tuple[datetime, UUID]:
    """A cursor whose position is a moment (a session's activity, a note's creation)."""
    return decode(cursor, datetime.fromisoformat)


def decode_text(cursor: str) -> tuple[str, UUID]:
    """A cursor whose position is text (a saved reply's title)."""
    return decode(cursor, str)
