"""The local Supabase Auth answers the real supabase-py client as Supabase Auth does."""

from __future__ import annotations

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
    with pytest.raises(AuthApiError):
        auth_client.refresh_session(first.refresh_token)


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
