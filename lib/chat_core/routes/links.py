"""A chat's customer link: the customer joins with it and renews its token; an admin shows it again or rotates it."""

from __future__ import annotations

from typing import cast

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from chat_core import sessions
from chat_core.http import BEARER, ChatIdQuery, IdQuery, caller, chat_of, create_router, responses
from chat_core.models import (
    ChatReference,
    JoinedSession,
    JoinRequest,
    SessionWithLink,
)

JOIN = ("POST", "/chat-session/join")
# A customer joins with the link's token: its own credential.
PUBLIC_ROUTES = {JOIN}
router = create_router()


@router.get(
    "/chat-session/link",
    summary="Show the chat's current link again, without changing it (admin)",
    security=BEARER,
    responses=responses({200: (SessionWithLink, "The session with its current link")}),
)
def current_link(chat_id: ChatIdQuery = None, id: IdQuery = None) -> SessionWithLink:  # noqa: A002
    return sessions.current_link(caller(router), chat_of(chat_id, id))


@router.post(
    "/chat-session/rotate-link",
    summary="Issue a new customer link; the old one stops working (admin)",
    security=BEARER,
    responses=responses({200: (SessionWithLink, "The session with its new link")}),
)
def rotate_link(request: ChatReference) -> SessionWithLink:
    return sessions.rotate_link(caller(router), request.chat_id)


@router.post(
    JOIN[1],
    summary="Exchange a link's token for a customer access token",
    responses=responses({200: (JoinedSession, "A short-lived token for this one chat")}),
)
def join(request: JoinRequest) -> JoinedSession:
    event = cast(APIGatewayProxyEvent, router.current_event)  # a REST API's (payload v1) event
    return sessions.join_chat(request, event.request_context.identity.source_ip)


@router.post(
    "/chat-session/token",
    summary="Renew a customer's access token with the token itself, while its link is current (customer)",
    description="An open chat page renews here before its token expires, without joining again.",
    security=BEARER,
    responses=responses({200: (JoinedSession, "A fresh short-lived token for this one chat")}),
)
def renew_token() -> JoinedSession:
    return sessions.renew_customer_token(caller(router))
