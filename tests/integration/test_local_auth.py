"""The local Supabase Auth answers the real supabase-py client as Supabase Auth does."""

from __future__ import annotations

import uuid

import pytest
from supabase_auth.errors import AuthApiError

from supabase import create_client


@pytest.fixture
def auth_client(local_stack):
    return create_client(local_stack.supabase_url, local_stack.keys.publishable).auth


def test_password_sign_in_returns_a_session_for_the_user(auth_client, admin_credentials):
    email, password = admin_credentials

    signed_in = auth_client.sign_in_with_password({"email": email, "password": password})

    assert signed_in.user.email == email
    assert signed_in.session.access_token and signed_in.session.refresh_token


def test_a_wrong_password_is_refused(auth_client, admin_credentials):
    with pytest.raises(AuthApiError, match="Invalid login credentials"):
        auth_client.sign_in_with_password({"email": admin_credentials[0], "password": "guess"})


def test_the_access_token_names_the_user(auth_client, admin_credentials):
    email, password = admin_credentials
    signed_in = auth_client.sign_in_with_password({"email": email, "password": password})

    user = auth_client.get_user(signed_in.session.access_token)

    assert user.user.id == signed_in.user.id


def test_refreshing_rotates_the_refresh_token(auth_client, admin_credentials):
    email, password = admin_credentials
    first = auth_client.sign_in_with_password({"email": email, "password": password}).session

    refreshed = auth_client.refresh_session(first.refresh_token).session

    assert refreshed.refresh_token != first.refresh_token


def test_after_sign_out_the_refresh_token_is_dead(auth_client, admin_credentials):
    email, password = admin_credentials
    session = auth_client.sign_in_with_password({"email": email, "password": password}).session

    auth_client.sign_out()

    with pytest.raises(AuthApiError):
        auth_client.refresh_session(session.refresh_token)


def test_the_jwks_publishes_the_public_key_only(local_stack):
    import requests

    keys = requests.get(f"{local_stack.supabase_url}/auth/v1/.well-known/jwks.json", timeout=5).json()["keys"]

    assert [k["kid"] for k in keys] == [local_stack.signing_jwk["kid"]]
    assert all("d" not in k for k in keys)


@pytest.fixture
def someone(local_stack):
    """sign_in() -> a new session of a user of its own (no other test's sessions are touched)."""
    import uuid

    from local.admins import create_user

    email = f"auth-{uuid.uuid4().hex[:8]}@chat.test"
    create_user(local_stack.database_url, email, "auth test password")

    def sign_in():
        client = create_client(local_stack.supabase_url, local_stack.keys.publishable).auth
        return client, client.sign_in_with_password({"email": email, "password": "auth test password"}).session

    return sign_in


def test_a_refresh_token_used_again_at_once_still_refreshes(someone):
    # Given a session refreshed once (the client may have lost the answer)
    client, session = someone()
    client.refresh_session(session.refresh_token)

    # When the parent token is used again within Supabase's reuse interval
    again = client.refresh_session(session.refresh_token).session

    # Then it refreshes, as Supabase Auth does (internal/tokens/service.go: the reuse interval)
    assert again.access_token


def _used_past_the_reuse_interval(db, token: str) -> None:
    db.execute("update auth.refresh_tokens set updated_at = now() - interval '11 seconds' where token = %s", (token,))


def _refusal(client, token: str) -> str:
    with pytest.raises(AuthApiError) as refused:
        client.refresh_session(token)
    return str(refused.value.code)


def test_an_old_refresh_token_used_again_after_the_reuse_interval_ends_its_session(someone, db):
    # Given a session refreshed twice, its first token's use older than the reuse interval
    client, session = someone()
    child = client.refresh_session(session.refresh_token).session
    grandchild = client.refresh_session(child.refresh_token).session
    _used_past_the_reuse_interval(db, session.refresh_token)

    # When the first token is used again (a stolen copy, say), Then it is refused as already used
    assert _refusal(client, session.refresh_token) == "refresh_token_already_used"

    # and the whole family is revoked: the newest token too, once its own reuse interval has passed
    _used_past_the_reuse_interval(db, grandchild.refresh_token)
    assert _refusal(client, grandchild.refresh_token) == "refresh_token_already_used"


def test_signing_out_ends_every_session_by_default_and_only_this_one_when_local(someone):
    # Given three sessions of one user
    (first, _), (second, _), (third, third_session) = someone(), someone(), someone()

    # When the first signs out locally, then the second with the default scope (global)
    first.sign_out({"scope": "local"})
    alive_after_local = third.refresh_session(third_session.refresh_token).session
    second.sign_out()

    # Then the local sign-out left the others; the global one ended the rest
    assert alive_after_local.access_token
    with pytest.raises(AuthApiError):
        third.refresh_session(alive_after_local.refresh_token)


def test_a_signed_out_sessions_token_no_longer_reads_the_user(someone):
    client, session = someone()
    client.sign_out()

    with pytest.raises(AuthApiError) as refused:
        client.get_user(session.access_token)

    assert (refused.value.status, refused.value.code) == (403, "session_not_found")


def test_an_unconfirmed_email_cannot_sign_in_with_the_right_password(local_stack, db):
    # Given a user whose email was never confirmed
    import uuid

    from local.admins import create_user

    email = f"unconfirmed-{uuid.uuid4().hex[:8]}@chat.test"
    create_user(local_stack.database_url, email, "right password here")
    db.execute("update auth.users set email_confirmed_at = null where email = %s", (email,))
    client = create_client(local_stack.supabase_url, local_stack.keys.publishable).auth

    # When it signs in with its password, Then Auth says the email is not confirmed (a wrong
    # password is still just invalid credentials)
    with pytest.raises(AuthApiError) as refused:
        client.sign_in_with_password({"email": email, "password": "right password here"})
    with pytest.raises(AuthApiError) as wrong:
        client.sign_in_with_password({"email": email, "password": "wrong"})
    assert (str(refused.value.code), str(wrong.value.code)) == ("email_not_confirmed", "invalid_credentials")


@pytest.fixture
def auth_users_writer(db):
    """Who inserts into auth.users, as a trigger sees it (current_user); removed after."""
    db.execute("create schema auth_probe")
    db.execute("create table auth_probe.writers (role name)")
    db.execute("grant usage on schema auth_probe to public; grant insert on auth_probe.writers to public")
    db.execute(
        "create function auth_probe.note() returns trigger language plpgsql as"
        " $$ begin insert into auth_probe.writers values (current_user); return new; end $$"
    )
    db.execute("create trigger auth_probe after insert on auth.users for each row execute function auth_probe.note()")
    try:
        yield lambda: [row["role"] for row in db.execute("select role from auth_probe.writers")]
    finally:
        db.execute("drop trigger auth_probe on auth.users")
        db.execute("drop schema auth_probe cascade")


def test_auth_writes_its_users_as_supabase_auth_admin_not_a_superuser(session_api, auth_users_writer):
    # When an owner invites a colleague (Auth inserts the user, firing the project's triggers)
    email = f"probe-{uuid.uuid4().hex[:8]}@chat.test"
    response = session_api.at("/team")("POST", body={"email": email, "display_name": "Probe"})

    # Then the insert ran as Auth's own role, so the invite trigger's security definer is what
    # lets it write the team's tables
    assert response.status == 201, response.body
    assert auth_users_writer() == ["supabase_auth_admin"]
