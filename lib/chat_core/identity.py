"""Verified identity for a site's visitors.

The site's own server signs a short JWT for its signed-in user with a private key whose public
half the site's owner gave us (two at once, for rotation); the widget passes it on. Only
asymmetric public keys are kept, and each verifies with the one algorithm its type implies, so
neither `alg: none` nor a public key used as an HMAC secret can pass.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jwt
from pydantic import TypeAdapter, ValidationError

from chat_core.errors import ErrorCode, Unauthorized, ValidationFailed
from chat_core.models import CustomerEmail

MAX_SECONDS_AHEAD = 24 * 3600  # an identity token expires within a day of use
LEEWAY_SECONDS = 30  # clocks differ
MIN_RSA_BITS = 2048
# The members of a JWK that only a private (or symmetric) key has.
PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
PUBLIC_MEMBERS = frozenset({"kty", "crv", "x", "y", "n", "e", "kid", "alg", "use"})
ALGORITHMS = {("EC", "P-256"): "ES256", ("RSA", None): "RS256", ("OKP", "Ed25519"): "EdDSA"}


@dataclass(frozen=True)
class Identity:
    sub: str
    email: str | None
    name: str | None


def _algorithm(jwk: dict[str, Any]) -> str:
    kty, crv = str(jwk.get("kty")), jwk.get("crv")
    algorithm = ALGORITHMS.get((kty, None if kty == "RSA" else str(crv)))
    if algorithm is None:
        raise ValueError("a key must be EC P-256, RSA or Ed25519")
    return algorithm


def public_key(jwk: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(kid, the public JWK to keep) of a key an owner gives; ValidationFailed for a secret
    (HMAC) or private key, a key type we do not verify with, or one too weak."""

    def refused(why: str) -> ValidationFailed:
        return ValidationFailed(why, code=ErrorCode.SITE_KEY_NOT_PUBLIC, field="public_jwk")

    if jwk.get("kty") == "oct" or PRIVATE_MEMBERS & jwk.keys():
        raise refused("give the public key only: a secret or private key must never leave the site's server")
    kid = jwk.get("kid")
    if not isinstance(kid, str) or not 1 <= len(kid) <= 100:
        raise refused("the key needs a kid (1 to 100 characters), which its tokens name")
    try:
        algorithm = _algorithm(jwk)
        if jwk.get("alg") not in (None, algorithm):
            raise ValueError(f"this key verifies {algorithm}, not {jwk.get('alg')}")
        key = jwt.PyJWK(jwk, algorithm).key
        if algorithm == "RS256" and key.key_size < MIN_RSA_BITS:
            raise ValueError(f"an RSA key needs at least {MIN_RSA_BITS} bits")
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise refused(f"not a usable public key: {exc}") from exc
    return kid, {name: value for name, value in jwk.items() if name in PUBLIC_MEMBERS}


def verify_identity(token: str, keys: dict[str, dict[str, Any]]) -> Identity:
    """The identity in a token the site signed with one of `keys` (kid -> public JWK);
    Unauthorized (identity_invalid) for anything else: forged, expired, too far ahead, an
    unknown kid, another algorithm."""

    def invalid(why: str) -> Unauthorized:
        return Unauthorized(f"the identity token is not valid: {why}", code=ErrorCode.IDENTITY_INVALID)

    try:
        kid = jwt.get_unverified_header(token).get("kid")
        jwk = keys.get(kid) if isinstance(kid, str) else None
        if jwk is None:
            raise invalid("its kid names none of the site's keys")
        algorithm = _algorithm(jwk)
        claims = jwt.decode(
            token,
            jwt.PyJWK(jwk, algorithm).key,
            algorithms=[algorithm],
            options={"require": ["exp", "sub"], "verify_aud": False},
            leeway=LEEWAY_SECONDS,
        )
    except (jwt.PyJWTError, ValueError) as exc:
        raise invalid("forged, expired or malformed") from exc
    if claims["exp"] > time.time() + MAX_SECONDS_AHEAD + LEEWAY_SECONDS:
        raise invalid("it expires more than 24 hours ahead")
    sub, email, name = claims["sub"], claims.get("email"), claims.get("name")
    if not isinstance(sub, str) or not 1 <= len(sub) <= 255:
        raise invalid("sub must be 1 to 255 characters")
    if email is not None and not (isinstance(email, str) and _is_email(email)):
        raise invalid("email must be an email address")
    if name is not None and not (isinstance(name, str) and 1 <= len(name.strip()) <= 200):
        raise invalid("name must be 1 to 200 characters")
    return Identity(sub=sub, email=email, name=name.strip() if name else None)


@lru_cache(maxsize=1)
def _email_rule() -> TypeAdapter[str]:
    """The API's one rule for a customer's email (models.CustomerEmail), built on first use."""
    return TypeAdapter(CustomerEmail)


def _is_email(address: str) -> bool:
    try:
        _email_rule().validate_python(address)
    except ValidationError:
        return False
    return True
