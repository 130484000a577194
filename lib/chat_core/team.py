"""The team: its owners list, invite, rename, change roles of, deactivate and reactivate
admins. Each is one SQL function that checks the caller is an owner; an invitation is
recorded there before Supabase Auth is asked to email it."""

from __future__ import annotations

from typing import Any

from chat_core import auth_admin, rpc
from chat_core.auth import Caller
from chat_core.config import get_settings
from chat_core.models import Invitation, InviteRequest, Team, TeamMember, TeamMemberUpdate, TeamSettings


def list_team(caller: Caller) -> Team:
    caller.require_admin()
    listed = rpc.call("chat_list_team", {"p_admin_id": caller.subject})
    return Team.model_validate({**listed, "auto_assign": listed.get("auto_assign") or get_settings().auto_assign})


def choose_settings(caller: Caller, settings: TeamSettings) -> TeamSettings:
    """The team's settings as an owner chose them (automatic assignment of new chats)."""
    caller.require_admin()
    chosen = rpc.call(
        "chat_set_team_settings", {"p_admin_id": caller.subject, "p_auto_assign": settings.auto_assign}, write=True
    )
    return TeamSettings.model_validate(chosen)


def invite(caller: Caller, request: InviteRequest) -> Invitation:
    caller.require_admin()
    recorded = rpc.call(
        "chat_invite_admin",
        {
            "p_admin_id": caller.subject,
            "p_email": request.email,
            "p_display_name": request.display_name,
            "p_role": request.role,
        },
        write=True,
    )
    return send_recorded_invitation(recorded)


def send_recorded_invitation(recorded: dict[str, Any]) -> Invitation:
    """After chat_invite_admin or chat_invite_first_owner: Auth emails the link when the SQL
    function says one is needed (nobody signed in with that email yet)."""
    member = TeamMember.model_validate(recorded["member"])
    if not recorded["send_invite"]:
        return Invitation(member=member, email_sent=False)
    user_id = auth_admin.send_invitation(member.email)
    return Invitation(member=member.model_copy(update={"user_id": user_id, "status": "invited"}), email_sent=True)


def update_member(caller: Caller, request: TeamMemberUpdate) -> TeamMember:
    caller.require_admin()
    updated = rpc.call(
        "chat_update_admin",
        {
            "p_admin_id": caller.subject,
            "p_user_id": str(request.user_id),
            "p_display_name": request.display_name,
            "p_role": request.role,
            "p_active": request.active,
        },
        write=True,
    )
    return TeamMember.model_validate(updated)
