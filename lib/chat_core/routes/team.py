"""The team: every admin's name, and the owners' list, invitations and changes."""

from __future__ import annotations

from chat_core import sessions, team
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    AdminList,
    Invitation,
    InviteRequest,
    Team,
    TeamMember,
    TeamMemberUpdate,
    TeamSettings,
)

router = create_router()


@router.get(
    "/chat-session/admins",
    summary="The team: every chat admin (admin)",
    security=BEARER,
    responses=responses({200: (AdminList, "Every admin's id and display name")}),
)
def list_admins() -> AdminList:
    return sessions.list_admins(caller(router))


@router.get(
    "/chat-session/team",
    summary="The team with emails, roles and status, and invitations not sent (owner)",
    security=BEARER,
    responses=responses({200: (Team, "Every admin, active ones first")}),
)
def list_team() -> Team:
    return team.list_team(caller(router))


@router.post(
    "/chat-session/team",
    status_code=201,
    summary="Invite an admin by email, through Supabase Auth (owner)",
    security=BEARER,
    responses=responses({201: (Invitation, "Invited (emailed), or made an admin at once if already a user")}),
)
def invite_admin(request: InviteRequest) -> Invitation:
    return team.invite(caller(router), request)


@router.patch(
    "/chat-session/team",
    summary="Rename an admin, change its role, deactivate or reactivate it (owner)",
    security=BEARER,
    responses=responses({200: (TeamMember, "The admin as changed")}),
)
def update_admin(request: TeamMemberUpdate) -> TeamMember:
    return team.update_member(caller(router), request)


@router.patch(
    "/chat-session/team/settings",
    summary="Choose the team's settings: automatic assignment of new chats (owner)",
    security=BEARER,
    responses=responses({200: (TeamSettings, "The settings as chosen")}),
)
def choose_team_settings(request: TeamSettings) -> TeamSettings:
    return team.choose_settings(caller(router), request)
