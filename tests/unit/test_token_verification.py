"""Token verification follows the project's JWKS, including a key that appears later."""

from __future__ import annotations

from typing import Any

import pytest
from chat_core import auth
from chat_core.errors import Unauthorized

from tests.support.tokens import auth_claims, signed_token
from tools.keys import generate_signing_jwk, public_jwk


def _token(jwk: dict[str, Any], issuer: str) -> str:
    return signed_token(jwk, auth_claims(issuer))


def test_a_token_with_a_newly_published_kid_verifies_after_a_refetch(jwks):
    # Given a verifier that has fetched the JWKS with the old key only
    old, new = generate_signing_jwk(), generate_signing_jwk()
    jwks.keys = [public_jwk(old)]
    auth.verify_token(_token(old, f"{jwks.url}/auth/v1"))

    # When the project rotates to a new key and a token signed with it arrives
    jwks.keys = [public_jwk(old), public_jwk(new)]
    claims = auth.verify_token(_token(new, f"{jwks.url}/auth/v1"))

    # Then the verifier fetched the JWKS again and accepted it
    assert claims["sub"] == "9b1f6b2e-7d0c-4a53-8a52-0d0d3c0c4f11"
    assert jwks.fetches == 2


def test_the_jwks_is_cached_between_verifications(jwks):
    key = generate_signing_jwk()
    jwks.keys = [public_jwk(key)]

    for _ in range(3):
        auth.verify_token(_token(key, f"{jwks.url}/auth/v1"))

    assert jwks.fetches == 1


def test_a_kid_the_project_never_published_is_refused(jwks):
    jwks.keys = [public_jwk(generate_signing_jwk())]

    with pytest.raises(Unauthorized):
        auth.verify_token(_token(generate_signing_jwk(), f"{jwks.url}/auth/v1"))
