"""Session services: authorize the caller, call one SQL function, shape the result."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from urllib.parse import urlencode
from uuid import UUID

from chat_core import rpc
from chat_core.auth import Caller
from chat_core.config import get_settings
from chat_core.errors import BadRequest, Forbidden
from chat_core.models import CreatedSession, CreateSessionRequest, Session, SessionPage, SessionStatus
from chat_core.observability import metrics


def _require_admin(caller: Caller) -> None:
    if not caller.is_admin:
        raise Forbidden("this route is for admins")


def encode_cursor(session: Session) -> str:
    raw = f"{session.last_activity_at.isoformat()}|{session.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        activity, session_id = raw.split("|")
        return datetime.fromisoformat(activity), UUID(session_id)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadRequest("cursor is not one this API returned") from exc


def customer_link(session_id: UUID) -> str:
    return f"{get_settings().public_chat_url}?{urlencode({'chatId': str(session_id)})}"


def create_session(caller: Caller, request: CreateSessionRequest) -> CreatedSession:
    _require_admin(caller)
    if request.customer_name is None and request.customer_email is None:
        raise BadRequest("customer_name or customer_email is required")
    row = rpc.call(
        "chat_create_session",
        {
            "p_customer_name": request.customer_name,
            "p_customer_email": request.customer_email,
            "p_metadata": request.metadata,
        },
    )
    session = Session.model_validate(row)
    metrics.add_metric(name="SessionsCreated", unit="Count", value=1)
    return CreatedSession(session=session, link=customer_link(session.id))


def list_sessions(caller: Caller, status: SessionStatus | None, cursor: str | None, limit: int) -> SessionPage:
    _require_admin(caller)
    before_activity, before_id = decode_cursor(cursor) if cursor else (None, None)
    page = rpc.call(
        "chat_list_sessions",
        {
            "p_status": status,
            "p_before_activity_at": before_activity.isoformat() if before_activity else None,
            "p_before_id": str(before_id) if before_id else None,
            "p_limit": limit,
        },
    )
    sessions = [Session.model_validate(row) for row in page["sessions"]]
    next_cursor = encode_cursor(sessions[-1]) if page["has_more"] and sessions else None
    return SessionPage(sessions=sessions, next_cursor=next_cursor)


def get_session(caller: Caller, session_id: UUID) -> Session:
    if not caller.may_access_chat(session_id):
        raise Forbidden("this chat belongs to someone else")
    return Session.model_validate(rpc.call("chat_get_session", {"p_id": str(session_id)}))


def close_session(caller: Caller, session_id: UUID) -> Session:
    _require_admin(caller)
    return Session.model_validate(rpc.call("chat_close_session", {"p_id": str(session_id)}))
