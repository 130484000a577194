"""Chats as a whole: list (with search) or get one, create, close, reopen, assign."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from chat_core import sessions
from chat_core.http import BEARER, ChatIdQuery, IdQuery, caller, chat_of, create_router, responses
from chat_core.models import (
    MAX_PAGE_SIZE,
    AssigneeFilter,
    AssignRequest,
    ChatReference,
    CreateSessionRequest,
    SessionEnvelope,
    SessionPage,
    SessionStatus,
    SessionWithLink,
)

SEARCH_HELP = "Search: a customer's name or email, or words in a chat's messages"
router = create_router()


@router.get(
    "/chat-session",
    summary="List sessions (admin), or get one with ?chatId= (or ?id=)",
    security=BEARER,
    responses=responses({200: (SessionPage | SessionEnvelope, "A page of sessions, or with ?chatId= that session")}),
)
def list_or_get_sessions(
    chat_id: ChatIdQuery = None,
    id: IdQuery = None,  # noqa: A002 -- the original API's name
    status: Annotated[SessionStatus | None, Query()] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description=SEARCH_HELP)] = None,
    assignee: Annotated[AssigneeFilter | None, Query(description="me: the caller's chats; none: nobody's")] = None,
    waiting: Annotated[
        bool, Query(description="true: the open chats waiting for the team's reply, oldest wait first, and how many")
    ] = False,
    site: Annotated[UUID | None, Query(description="Only the chats started from this site's widget")] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> SessionPage | SessionEnvelope:
    if chat_id is not None or id is not None:
        return SessionEnvelope(session=sessions.get_session(caller(router), chat_of(chat_id, id)))
    return sessions.list_sessions(caller(router), status, cursor, limit, q, assignee, waiting, site)


@router.post(
    "/chat-session/assign",
    summary="Give a chat to an admin, or to nobody (admin)",
    security=BEARER,
    responses=responses({200: (SessionEnvelope, "The session, with its assignee")}),
)
def assign(request: AssignRequest) -> SessionEnvelope:
    return SessionEnvelope(session=sessions.assign(caller(router), request))


@router.post(
    "/chat-session",
    status_code=201,
    summary="Create a session and its customer link (admin)",
    security=BEARER,
    responses=responses({201: (SessionWithLink, "Created, with the customer's link")}),
)
def create_session(request: CreateSessionRequest) -> SessionWithLink:
    return sessions.create_session(caller(router), request)


@router.delete(
    "/chat-session",
    summary="Close a session (admin; idempotent; messages are kept)",
    security=BEARER,
    responses=responses({200: (SessionEnvelope, "The session, closed")}),
)
def close_session(chat_id: ChatIdQuery = None, id: IdQuery = None) -> SessionEnvelope:  # noqa: A002
    return SessionEnvelope(session=sessions.close_session(caller(router), chat_of(chat_id, id)))


@router.post(
    "/chat-session/reopen",
    summary="Reopen a closed session: its customer may write again (admin; idempotent)",
    security=BEARER,
    responses=responses({200: (SessionEnvelope, "The session, open")}),
)
def reopen_session(request: ChatReference) -> SessionEnvelope:
    return SessionEnvelope(session=sessions.reopen_session(caller(router), request.chat_id))
