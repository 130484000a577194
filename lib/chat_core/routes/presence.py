"""Who is here: a customer's page open on its chat, an admin's dashboard open."""

from __future__ import annotations

from chat_core import sessions
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    AdminOnline,
    AdminOnlineRequest,
    CustomerPresence,
    PresenceRequest,
)

router = create_router()


@router.post(
    "/chat-session/online",
    summary="The signed-in admin's dashboard is open (every 60 s) or closing (admin)",
    security=BEARER,
    responses=responses({200: (AdminOnline, "As noted")}),
)
def note_admin_online(request: AdminOnlineRequest) -> AdminOnline:
    return sessions.note_admin_online(caller(router), request)


@router.post(
    "/chat-session/presence",
    summary="The customer's page is open (every 60 s) or closing (customer)",
    security=BEARER,
    responses=responses({200: (CustomerPresence, "The customer's presence as admins now see it")}),
)
def note_presence(request: PresenceRequest) -> CustomerPresence:
    return sessions.note_presence(caller(router), request)
