"""Team management: owners invite, rename, change roles of and deactivate admins; agents handle
chats. Through the real handlers, the local Supabase Auth (its invitation and link) and the
real migrations."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from local.admins import create_user, password_grant
from tests.support.api import listed_sessions
from tests.support.content import invitation_link


def _team(session_api) -> dict[str, dict]:
    response = session_api.at("/team")("GET")
    assert response.status == 200, response.body
    return {member["email"]: member for member in response.body["members"]}


def _invite(session_api, email, name="Invited Colleague", role="agent"):
    return session_api.at("/team")("POST", body={"email": email, "display_name": name, "role": role})


def _new_email() -> str:
    return f"invitee-{uuid.uuid4().hex[:10]}@chat.test"


def _accept(link: str) -> dict[str, str]:
    """Open the invitation's link as a browser would: where Auth sends it, and the fragment."""
    response = requests.get(link, allow_redirects=False, timeout=10)
    assert response.status_code == 303
    landing = urlsplit(response.headers["Location"])
    return {"page": f"{landing.scheme}://{landing.netloc}{landing.path}"} | {
        key: values[0] for key, values in parse_qs(landing.fragment, keep_blank_values=True).items()
    }


def test_an_owner_sees_the_team_with_roles_and_status(session_api, second_admin_credentials):
    team = _team(session_api)

    assert (team["admin@chat.test"]["role"], team["admin@chat.test"]["status"]) == ("owner", "active")
    assert (team["second-admin@chat.test"]["role"], team["second-admin@chat.test"]["status"]) == ("agent", "active")


def test_an_owner_invites_a_colleague_by_email(session_api, local_stack):
    email = _new_email()

    response = _invite(session_api, email, "Grace Hopper")

    assert response.status == 201
    assert response.body["email_sent"] is True
    assert (response.body["member"]["status"], response.body["member"]["role"]) == ("invited", "agent")
    assert invitation_link(local_stack, email).startswith(f"{local_stack.supabase_url}/auth/v1/verify?")
    assert _team(session_api)[email]["status"] == "invited"


def test_the_invited_colleague_lands_on_the_dashboard_signed_in_as_an_agent(session_api, local_stack):
    # Given an invitation
    email = _new_email()
    _invite(session_api, email, "Grace Hopper")

    # When its link is opened
    landing = _accept(invitation_link(local_stack, email))

    # Then Auth sends the browser to the dashboard with a session, and the API knows the agent
    assert landing["page"] == local_stack.admin_url and landing["type"] == "invite"
    me = session_api.as_(landing["access_token"]).at("/me")("GET")
    assert (me.status, me.body["display_name"], me.body["role"]) == (200, "Grace Hopper", "agent")
    assert _team(session_api)[email]["status"] == "active"


def test_the_invited_colleague_chooses_a_password_and_signs_in_with_it(session_api, local_stack):
    # Given an accepted invitation
    email = _new_email()
    _invite(session_api, email)
    landing = _accept(invitation_link(local_stack, email))

    # When the colleague sets a password with the session the link gave
    set_password = requests.put(
        f"{local_stack.supabase_url}/auth/v1/user",
        json={"password": "a password of their own"},
        headers={"apikey": local_stack.keys.publishable, "Authorization": f"Bearer {landing['access_token']}"},
        timeout=10,
    )

    # Then they sign in with it like anyone on the team
    assert set_password.status_code == 200
    signed_in = password_grant(local_stack.supabase_url, local_stack.keys.publishable, email, "a password of their own")
    assert session_api.as_(signed_in["access_token"]).at("/me")("GET").status == 200


def test_an_invitations_link_works_once(session_api, local_stack):
    email = _new_email()
    _invite(session_api, email)
    link = invitation_link(local_stack, email)
    _accept(link)

    again = _accept(link)

    assert (again["error_code"], again["error_description"]) == ("otp_expired", "Email link is invalid or has expired")


def test_inviting_again_before_acceptance_sends_a_new_link_and_the_old_one_lapses(session_api, local_stack):
    # Given an invitation that was not accepted
    email = _new_email()
    _invite(session_api, email, "First Name")
    first_link = invitation_link(local_stack, email)

    # When the owner invites again (the email was lost), with a corrected name
    response = _invite(session_api, email, "Right Name")

    # Then a new link is sent, the old one no longer works, and the new one signs in with the new name
    assert (response.status, response.body["email_sent"]) == (201, True)
    assert invitation_link(local_stack, email) != first_link
    assert _accept(first_link)["error_code"] == "otp_expired"
    token = _accept(invitation_link(local_stack, email))["access_token"]
    assert session_api.as_(token).at("/me")("GET").body["display_name"] == "Right Name"


def test_inviting_someone_who_already_has_an_account_makes_them_an_admin_at_once(session_api, local_stack):
    # Given a user of the project's Auth who is not an admin
    email = _new_email()
    create_user(local_stack.database_url, email, "their own password")

    # When an owner invites them
    response = _invite(session_api, email, "Existing User")

    # Then no email is needed: they are an active agent, and their next sign-in works on the API
    assert (response.status, response.body["email_sent"], response.body["member"]["status"]) == (201, False, "active")
    token = password_grant(local_stack.supabase_url, local_stack.keys.publishable, email, "their own password")[
        "access_token"
    ]
    assert session_api.as_(token).at("/me")("GET").body["role"] == "agent"


def test_inviting_someone_already_on_the_team_is_a_conflict(session_api, second_admin_credentials):
    response = _invite(session_api, "second-admin@chat.test", "Second Again")

    assert (response.status, response.body["error"]["code"]) == (409, "already_on_team")
    assert _team(session_api)["second-admin@chat.test"]["display_name"] == "Second Admin"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not an email", "display_name": "X"}, "email"),
        ({"email": "someone@chat.test", "display_name": "   "}, "display_name"),
        ({"email": "someone@chat.test", "display_name": "X", "role": "superuser"}, "role"),
        ({"email": "someone@chat.test"}, "display_name"),
    ],
    ids=["bad email", "blank name", "unknown role", "no name"],
)
def test_a_bad_invitation_is_refused_naming_the_field_at_fault(session_api, body, field):
    response = session_api.at("/team")("POST", body=body)

    assert response.status == 422
    assert (response.body["error"]["code"], response.body["error"]["field"]) == ("validation_failed", field)


def test_an_invitation_auth_could_not_send_is_kept_and_sent_when_invited_again(session_api, local_stack, monkeypatch):
    from chat_core import auth_admin
    from supabase_auth import SyncGoTrueAdminAPI

    # Given Supabase Auth unreachable from the API
    email = _new_email()
    reachable = auth_admin._admin_api
    monkeypatch.setattr(auth_admin, "_admin_api", lambda: SyncGoTrueAdminAPI(url="http://127.0.0.1:9/auth/v1"))

    # When an owner invites: a clear 503, and the team shows the invitation as not sent
    response = _invite(session_api, email, "Patient Person")
    assert (response.status, response.body["error"]["code"]) == (503, "upstream_unavailable")
    assert _team(session_api)[email]["status"] == "not_sent"

    # Then once Auth is back, inviting again sends it
    monkeypatch.setattr(auth_admin, "_admin_api", reachable)
    assert _invite(session_api, email, "Patient Person").status == 201
    assert _team(session_api)[email]["status"] == "invited"


def test_an_invitation_over_auths_email_rate_is_a_429_and_kept_to_send_later(session_api, local_stack):
    from local.gotrue import IntervalLimiter

    # Given Supabase Auth has sent this hour's emails (its over_email_send_rate_limit)
    auth, email = local_stack.gateway.auth, _new_email()
    budget, auth.email_rate = auth.email_rate, IntervalLimiter(0, 3600)
    try:
        # When an owner invites a colleague
        response = _invite(session_api, email, "Later Person")

        # Then the API says to try later, and the team shows the invitation as not sent
        assert (response.status, response.body["error"]["code"]) == (429, "rate_limited")
        assert _team(session_api)[email]["status"] == "not_sent"
    finally:
        auth.email_rate = budget
    # And once the hour has passed, inviting again sends it
    assert _invite(session_api, email, "Later Person").status == 201
    assert _team(session_api)[email]["status"] == "invited"


def test_an_owner_renames_an_agent_and_the_chats_they_handle_show_it(session_api, new_admin, chat):
    # Given an agent handling a chat
    agent, _ = new_admin(name="Old Name")
    session_api.at("/assign")("POST", body={"chat_id": chat["id"], "assignee_id": agent})

    # When an owner renames them
    response = session_api.at("/team")("PATCH", body={"user_id": agent, "display_name": "New Name"})

    # Then the team and the chat show the new name
    assert (response.status, response.body["display_name"]) == (200, "New Name")
    assert session_api("GET", query={"id": chat["id"]}).body["session"]["assignee_name"] == "New Name"


def test_an_agent_made_an_owner_can_manage_the_team(session_api, new_admin):
    agent, token = new_admin()
    assert session_api.as_(token).at("/team")("GET").status == 403

    session_api.at("/team")("PATCH", body={"user_id": agent, "role": "owner"})

    assert session_api.as_(token).at("/team")("GET").status == 200


def test_a_deactivated_admins_token_stops_working_at_once(session_api, new_admin):
    # Given an agent whose token works
    agent, token = new_admin()
    assert session_api.as_(token).at("/me")("GET").status == 200

    # When an owner deactivates them
    response = session_api.at("/team")("PATCH", body={"user_id": agent, "active": False})

    # Then the very same token is refused, saying why
    assert (response.status, response.body["status"]) == (200, "deactivated")
    refused = session_api.as_(token)("GET")
    assert (refused.status, refused.body["error"]["code"]) == (403, "admin_deactivated")


def test_deactivating_an_admin_leaves_their_open_chats_to_nobody(session_api, new_admin, chats):
    # Given an agent handling an open chat and a closed one
    agent, _ = new_admin()
    open_chat, closed_chat = chats.create()["id"], chats.create()["id"]
    for chat_id in (open_chat, closed_chat):
        session_api.at("/assign")("POST", body={"chat_id": chat_id, "assignee_id": agent})
    session_api("DELETE", query={"id": closed_chat})

    # When they are deactivated
    session_api.at("/team")("PATCH", body={"user_id": agent, "active": False})

    # Then the open chat waits for someone else; the closed one keeps its history
    assert open_chat in listed_sessions(session_api, assignee="none")
    assert session_api("GET", query={"id": closed_chat}).body["session"]["assignee_id"] == agent


def test_a_deactivated_admin_is_offered_for_no_chat(session_api, new_admin, chat):
    agent, _ = new_admin(name="Gone Agent")
    session_api.at("/team")("PATCH", body={"user_id": agent, "active": False})

    offered = session_api.at("/admins")("GET").body["admins"]
    response = session_api.at("/assign")("POST", body={"chat_id": chat["id"], "assignee_id": agent})

    assert agent not in [admin["user_id"] for admin in offered]
    assert response.status == 400


def test_inviting_a_deactivated_admin_again_says_to_reactivate_them(session_api, new_admin):
    # Given an agent an owner deactivated
    agent, _ = new_admin()
    session_api.at("/team")("PATCH", body={"user_id": agent, "active": False})
    members = session_api.at("/team")("GET").body["members"]
    email = next(member["email"] for member in members if member["user_id"] == agent)

    # When an owner invites that email again
    response = _invite(session_api, email)

    # Then it is refused with its own code: reactivating is the way back
    assert (response.status, response.body["error"]["code"]) == (409, "invitee_deactivated")


def test_a_reactivated_admin_works_again(session_api, new_admin):
    agent, token = new_admin()
    session_api.at("/team")("PATCH", body={"user_id": agent, "active": False})

    response = session_api.at("/team")("PATCH", body={"user_id": agent, "active": True})

    assert (response.status, response.body["status"]) == (200, "active")
    assert session_api.as_(token).at("/me")("GET").status == 200


@pytest.mark.parametrize("change", [{"role": "agent"}, {"active": False}], ids=["demoted", "deactivated"])
def test_the_last_owner_cannot_be_removed(session_api, admin_session, owners_only, change):
    # Given the signed-in admin is the team's only owner
    me = admin_session["user"]["id"]
    owners_only(me)

    # When it tries to stop being one
    response = session_api.at("/team")("PATCH", body={"user_id": me, **change})

    # Then it is refused, and the team still has its owner
    assert (response.status, response.body["error"]["code"]) == (409, "last_owner")
    assert _team(session_api)["admin@chat.test"]["role"] == "owner"


def test_an_invited_owner_who_never_signed_in_does_not_count_as_the_teams_owner(
    session_api, admin_session, owners_only
):
    # Given the signed-in admin is the only owner, and it invites an address nobody reads as owner
    me = admin_session["user"]["id"]
    owners_only(me)
    invited = _invite(session_api, _new_email(), "Nobody Home", role="owner")

    # When it demotes itself
    response = session_api.at("/team")("PATCH", body={"user_id": me, "role": "agent"})

    # Then it is refused: the invited owner has never signed in, so it cannot run the team
    assert invited.status == 201 and invited.body["member"]["role"] == "owner"
    assert (response.status, response.body["error"]["code"]) == (409, "last_owner")
    assert _team(session_api)["admin@chat.test"]["role"] == "owner"


def test_two_owners_demoting_each_other_at_once_leave_the_team_one_owner(new_admin, owners_only, session_api, db):
    # Given a team whose only owners are A and B
    (a, a_token), (b, b_token) = new_admin("owner", "Owner A"), new_admin("owner", "Owner B")
    owners_only(a, b)

    # When each demotes the other at the same moment, many times over
    for _ in range(5):
        owners_only(a, b)
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(
                pool.map(
                    lambda caller: session_api.as_(caller[0]).at("/team")(
                        "PATCH", body={"user_id": caller[1], "role": "agent"}
                    ),
                    [(a_token, b), (b_token, a)],
                )
            )

        # Then exactly one succeeds; the other is refused (409: the team needs an owner; or 403
        # when it came second and was no longer an owner), and one owner remains
        first, second = sorted(answer.status for answer in answers)
        assert first == 200 and second in (403, 409)
        owners = db.execute(
            "select count(*) as n from public.chat_admins where role = 'owner' and deactivated_at is null"
        )
        assert owners.fetchone()["n"] == 1


def test_changing_nothing_or_nobody_is_refused(session_api):
    assert session_api.at("/team")("PATCH", body={"user_id": str(uuid.uuid4())}).status == 422
    missing = session_api.at("/team")("PATCH", body={"user_id": str(uuid.uuid4()), "role": "agent"})
    assert missing.status == 404


@pytest.fixture
def team_size_cap(db):
    """team_size_cap(n): for one test a team holds at most n admins and pending invitations."""

    def cap(size: int) -> None:
        db.execute(
            "create or replace function chat_private.max_team_size() returns integer"
            f" language sql immutable set search_path = '' as $$ select {int(size)} $$"
        )

    yield cap
    cap(500)


def test_a_full_team_refuses_another_invitation(session_api, db, team_size_cap):
    # Given a team as large as a team may be
    active = db.execute("select count(*) as n from public.chat_admins where deactivated_at is null").fetchone()["n"]
    pending = db.execute(
        "select count(*) as n from chat_private.admin_invites i where i.invited_at > now() - interval '1 day'"
        " and not exists (select 1 from auth.users u join public.chat_admins a on a.user_id = u.id"
        " where u.email = i.email)"
    ).fetchone()["n"]
    team_size_cap(active + pending)

    # When an owner invites one more
    email = _new_email()
    response = _invite(session_api, email)

    # Then it is refused, saying why, and nobody was invited
    assert response.status == 409 and "at most" in response.body["error"]["message"]
    assert (
        db.execute("select count(*) as n from chat_private.admin_invites where email = %s", (email,)).fetchone()["n"]
        == 0
    )
