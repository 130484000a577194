"""Settings come from the environment locally and from Secrets Manager in AWS."""

from __future__ import annotations

import json

import boto3
import pytest
from chat_core.config import cors_allowed_origins, get_settings
from moto import mock_aws
from pydantic import ValidationError

from tests.support.database import drop_cached_settings

BASE_ENV = {"SUPABASE_URL": "https://project.supabase.co", "PUBLIC_CHAT_URL": "https://chat.example.com/chat"}


@pytest.fixture
def settings_env(monkeypatch):
    """A clean environment for settings; the cached settings are dropped before and after."""
    for name in (
        "SUPABASE_URL",
        "SUPABASE_SECRET_KEY",
        "SUPABASE_SERVICE_ROLE_KEY",
        "PUBLIC_CHAT_URL",
        "CHAT_SECRET_ID",
        "CHAT_SIGNING_JWK",
        "SUPABASE_AUTH_ISSUER",
        "PAGES_ORIGIN_PARAMETER",
        "CORS_ALLOWED_ORIGINS",
        "AWS_ENDPOINT_URL_SSM",  # the local stack's moto server: here moto's mock answers instead
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in BASE_ENV.items():
        monkeypatch.setenv(name, value)
    drop_cached_settings()
    yield monkeypatch
    drop_cached_settings()


def test_secret_key_comes_from_secrets_manager_by_name(settings_env):
    # Given the secret stored in Secrets Manager and only its name in the environment
    with mock_aws():
        boto3.client("secretsmanager", region_name="us-east-1").create_secret(
            Name="customer-chat", SecretString=json.dumps({"SUPABASE_SECRET_KEY": "sb_secret_from_aws"})
        )
        settings_env.setenv("CHAT_SECRET_ID", "customer-chat")

        # When settings are read
        settings = get_settings()

    # Then the key is the stored one
    assert settings.supabase_secret_key.get_secret_value() == "sb_secret_from_aws"


def test_the_seeds_service_role_variable_is_accepted(settings_env):
    settings_env.setenv("SUPABASE_SERVICE_ROLE_KEY", "legacy-service-role-jwt")

    assert get_settings().supabase_secret_key.get_secret_value() == "legacy-service-role-jwt"


def test_a_missing_secret_key_fails_loudly(settings_env):
    with pytest.raises(ValidationError, match="SUPABASE_SECRET_KEY"):
        get_settings()


def test_the_secret_key_never_appears_in_the_settings_repr(settings_env):
    settings_env.setenv("SUPABASE_SECRET_KEY", "sb_secret_do_not_print")

    assert "sb_secret_do_not_print" not in repr(get_settings())


def test_the_signing_key_stored_as_a_json_object_in_the_secret_is_read(settings_env):
    jwk = {"kty": "EC", "crv": "P-256", "kid": "k1", "x": "x", "y": "y", "d": "d"}
    with mock_aws():
        boto3.client("secretsmanager", region_name="us-east-1").create_secret(
            Name="customer-chat",
            SecretString=json.dumps({"SUPABASE_SECRET_KEY": "sb_secret_x", "CHAT_SIGNING_JWK": jwk}),
        )
        settings_env.setenv("CHAT_SECRET_ID", "customer-chat")

        settings = get_settings()

    assert json.loads(settings.signing_jwk.get_secret_value()) == jwk


def test_a_wildcard_cors_origin_is_refused(settings_env):
    settings_env.setenv("CORS_ALLOWED_ORIGINS", "https://dashboard.example.com,*")

    with pytest.raises(ValueError, match="CORS_ALLOWED_ORIGINS"):
        cors_allowed_origins()


def test_admin_tokens_are_expected_from_the_projects_auth_by_default(settings_env):
    settings_env.setenv("SUPABASE_SECRET_KEY", "sb_secret_x")

    assert get_settings().auth_issuer == "https://project.supabase.co/auth/v1"


def test_behind_a_custom_domain_the_auth_issuer_is_a_setting(settings_env):
    # Given the API reaching Supabase by a custom domain, whose Auth still signs as <ref>.supabase.co
    settings_env.setenv("SUPABASE_SECRET_KEY", "sb_secret_x")
    settings_env.setenv("SUPABASE_URL", "https://api.example.com")
    settings_env.setenv("SUPABASE_AUTH_ISSUER", "https://abcdefgh.supabase.co/auth/v1/")

    # Then tokens are expected from that issuer
    assert get_settings().auth_issuer == "https://abcdefgh.supabase.co/auth/v1"


@pytest.fixture
def hosted_pages(settings_env):
    """The stack's pages at a CloudFront domain, its origin in SSM as template.yaml writes it."""
    with mock_aws():
        boto3.client("ssm", region_name="us-east-1").put_parameter(
            Name="/customer-chat/pages-origin", Value="https://d111111abcdef8.cloudfront.net", Type="String"
        )
        settings_env.setenv("PAGES_ORIGIN_PARAMETER", "/customer-chat/pages-origin")
        settings_env.delenv("PUBLIC_CHAT_URL")
        settings_env.setenv("SUPABASE_SECRET_KEY", "sb_secret_x")
        yield settings_env


def test_links_point_at_the_stacks_own_chat_page_by_default(hosted_pages):
    assert get_settings().public_chat_url == "https://d111111abcdef8.cloudfront.net/chat/"


def test_a_chat_url_given_wins_over_the_stacks_page(hosted_pages):
    hosted_pages.setenv("PUBLIC_CHAT_URL", "https://chat.example.com/")

    assert get_settings().public_chat_url == "https://chat.example.com/"


def test_the_stacks_pages_may_call_the_api_beside_the_origins_given(hosted_pages):
    hosted_pages.setenv("CORS_ALLOWED_ORIGINS", "https://dashboard.example.com,https://d111111abcdef8.cloudfront.net")

    assert cors_allowed_origins() == ["https://d111111abcdef8.cloudfront.net", "https://dashboard.example.com"]
