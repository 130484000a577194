"""Claims and tokens as the API and Supabase Auth mint them."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

NEW_ADMIN_PASSWORD = "colleague password"  # noqa: S105 -- what the new_admin fixture's admins sign in with
UNIT_SECRET_KEY = "sb_secret_unit_never_logged"  # noqa: S105 -- a fake, so tests can look for it in logs


def customer_claims(chat_id: str, **overrides: Any) -> dict[str, Any]:
    """The claims of a customer token for `chat_id`, as the API mints them (10 minutes)."""
    now = int(time.time())
    return {
        "iss": "customer-chat",
        "aud": "authenticated",
        "role": "authenticated",
        "sub": str(uuid.uuid4()),
        "chat_id": chat_id,
        "iat": now,
        "exp": now + 600,
        **overrides,
    }


def signed_token(jwk: dict[str, Any], claims: dict[str, Any]) -> str:
    return jwt.encode(claims, jwt.PyJWK(jwk).key, algorithm="ES256", headers={"kid": jwk["kid"]})


def auth_claims(issuer: str, **overrides: Any) -> dict[str, Any]:
    """The claims of a Supabase Auth access token (5 minutes) from `issuer`."""
    now = int(time.time())
    return {
        "iss": issuer,
        "aud": "authenticated",
        "sub": "9b1f6b2e-7d0c-4a53-8a52-0d0d3c0c4f11",
        "iat": now,
        "exp": now + 300,
        "role": "authenticated",
        **overrides,
    }
