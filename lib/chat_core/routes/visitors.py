"""A site's visitors (no credential but the site's key, a visitor credential or the site's
identity token): the widget's settings, starting a chat, coming back to one, forgetting this
browser."""

from __future__ import annotations

from typing import Annotated, cast

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from chat_core import visitors, widget_frame
from chat_core.http import create_router, responses
from chat_core.models import (
    ForgottenVisitor,
    ResumeRequest,
    SiteForVisitor,
    SiteKey,
    StartChatRequest,
    StartedChat,
    VisitorChats,
    VisitorRequest,
    WebOrigin,
)

FRAME = ("GET", "/chat-session/widget")
SITE = ("GET", "/chat-session/site")
START = ("POST", "/chat-session/start")
RESUME = ("POST", "/chat-session/visitor")
FORGET = ("POST", "/chat-session/visitor/forget")
# A visitor's own credentials travel in the body; the site's origins are checked in SQL.
PUBLIC_ROUTES = {FRAME, SITE, START, RESUME, FORGET}
router = create_router()


def _origin_and_address() -> tuple[str | None, str]:
    event = cast(APIGatewayProxyEvent, router.current_event)  # a REST API's (payload v1) event
    return event.headers.get("origin"), event.request_context.identity.source_ip


@router.get(
    FRAME[1],
    summary="The widget's frame document, framable by the site's origins only (the pages' /widget)",
    responses={
        200: {"description": "The frame", "content": {"text/html": {"schema": {"type": "string"}}}},
        404: {"description": "No such site, or switched off", "content": {"text/html": {"schema": {"type": "string"}}}},
    },
)
def frame(site: Annotated[SiteKey, Query(description="The site key (the script tag's data-site)")]) -> Response[str]:
    status, document, headers = widget_frame.frame(site)
    return Response(status_code=status, content_type="text/html; charset=utf-8", body=document, headers=headers)


@router.get(
    SITE[1],
    summary="The widget's settings for a page on one of the site's origins",
    responses=responses({200: (SiteForVisitor, "The site's name, look and pre-chat fields")}),
)
def site_for_visitor(
    site: Annotated[SiteKey, Query(description="The site key (the script tag's data-site)")],
    host: Annotated[WebOrigin | None, Query(description="The host page's origin (the widget's frame names it)")] = None,
) -> SiteForVisitor:
    origin, _ = _origin_and_address()
    return visitors.site_for_visitor(site, origin, host)


@router.post(
    START[1],
    status_code=201,
    summary="A visitor starts a chat from a site's widget, with its first message",
    description="Answers a customer token for the chat and, on a first visit, a visitor credential to keep. "
    "At most 6 new chats per address per 12 hours, and a budget per site (429 with Retry-After).",
    responses=responses({201: (StartedChat, "The chat, its first message and a token for it")}),
)
def start_chat(request: StartChatRequest) -> StartedChat:
    return visitors.start_chat(request, *_origin_and_address())


@router.post(
    RESUME[1],
    summary="A returning visitor's chats on the site, and a token for the one it opens",
    responses=responses({200: (VisitorChats, "Its chats, newest first, and the opened chat's token")}),
)
def resume(request: ResumeRequest) -> VisitorChats:
    return visitors.resume(request, *_origin_and_address())


@router.post(
    FORGET[1],
    summary="Forget this browser: its visitor credential stops working (the chats stay with the team)",
    responses=responses({200: (ForgottenVisitor, "Forgotten")}),
)
def forget(request: VisitorRequest) -> ForgottenVisitor:
    return visitors.forget(request, *_origin_and_address())
