"""The signed-in admin: its profile and notification choices."""

from __future__ import annotations

from chat_core import sessions, subscriptions
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    AdminPreferences,
    AdminProfile,
)

router = create_router()


@router.get(
    "/chat-session/me",
    summary="The signed-in admin's profile (admin)",
    security=BEARER,
    responses=responses({200: (AdminProfile, "The calling admin")}),
)
def me() -> AdminProfile:
    return sessions.admin_profile(caller(router))


@router.patch(
    "/chat-session/me",
    summary="The signed-in admin's notification choices (admin)",
    security=BEARER,
    responses=responses({200: (AdminProfile, "The calling admin, as changed")}),
)
def set_preferences(request: AdminPreferences) -> AdminProfile:
    return subscriptions.set_admin_preferences(caller(router), request)
