"""Who is calling, from the credential alone. Every route but joining resolves its caller here (chat_core.http).

- Admins sign in with Supabase Auth; their access token is verified against the project's
  JWKS (ES256 only; exp, aud and iss checked). Whether the user is in chat_admins is checked
  by the database, inside the same call as the operation (chat_private.require_admin): one
  round trip per request, and a removed admin is refused at once.
- Customers exchange their link's capability for a short-lived ES256 token that we sign
  with the project's signing key (so Realtime accepts it too); its `chat_id` claim names the
  one chat it reaches.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal
from uuid import UUID

import jwt
from jwt.utils import base64url_decode, base64url_encode

from chat_core.config import get_settings
from chat_core.errors import Forbidden, Unauthorized, UpstreamUnavailable
from chat_core.observability import logger
from chat_core.supabase_client import tls_context

CallerRole = Literal["admin", "customer"]
CUSTOMER_TOKEN_ISSUER = "customer-chat"  # noqa: S105 -- an issuer name, not a secret
AUDIENCE = "authenticated"
JWKS_CACHE_SECONDS = 600
JWKS_REFRESH_COOLDOWN_SECONDS = 30  # an unknown kid re-fetches the JWKS at most this often
LINK_CLAIM_CHARS = 16  # hex digits of the link's hash a customer token keeps (chat_renew_customer)


@dataclass(frozen=True)
class Caller:
    # "admin": signed in with Supabase Auth, so acting as an admin; every SQL function an
    # admin calls refuses a user who is not in chat_admins (403).
    role: CallerRole
    subject: str  # the admin's user id or the customer token's sub
    chat_id: UUID | None = None  # a customer reaches only this chat
    # A customer token's `link`: the start of the joined link's hash, so the token is renewed
    # only while that link is the chat's current one (None in tokens minted before it existed).
    link: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_access_chat(self, chat_id: UUID) -> bool:
        return self.is_admin or (self.role == "customer" and self.chat_id == chat_id)

    def require_admin(self) -> None:
        """Customers are refused here; a signed-in user who is not an admin, by the SQL function."""
        if not self.is_admin:
            raise Forbidden("this route is for admins")

    def require_chat(self, chat_id: UUID) -> None:
        """Forbidden unless the caller may reach this chat (an admin any; a customer its own)."""
        if not self.may_access_chat(chat_id):
            raise Forbidden("this chat belongs to someone else")


@lru_cache(maxsize=1)
def _jwks() -> jwt.PyJWKClient:
    return jwt.PyJWKClient(
        f"{get_settings().supabase_url}/auth/v1/.well-known/jwks.json",
        lifespan=JWKS_CACHE_SECONDS,
        timeout=3,
        cooldown_duration=JWKS_REFRESH_COOLDOWN_SECONDS,
        ssl_context=tls_context(),
    )


def verify_token(token: str) -> dict[str, Any]:
    """The claims of a token signed by the project's key; Unauthorized for anything else."""
    try:
        signing_key = _jwks().get_signing_key_from_jwt(token)
        return jwt.decode(
            token,
            signing_key,
            algorithms=["ES256"],
            audience=AUDIENCE,
            options={"require": ["exp", "iat", "sub", "iss"]},
            leeway=5,
        )
    except jwt.PyJWKClientConnectionError as exc:
        logger.warning("jwks unreachable", extra={"error_type": type(exc).__name__})
        raise UpstreamUnavailable("cannot verify credentials right now") from exc
    except (jwt.PyJWTError, ValueError) as exc:
        raise Unauthorized("the access token is invalid or expired") from exc


def _bearer_token(headers: Mapping[str, str]) -> str:
    scheme, _, token = (headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("sign in first: send Authorization: Bearer <access token>")
    return token.strip()


def resolve_caller(headers: Mapping[str, str]) -> Caller:
    """The caller named by the request's bearer token (case-insensitive `headers`)."""
    claims = verify_token(_bearer_token(headers))
    issuer = claims["iss"]
    if issuer == CUSTOMER_TOKEN_ISSUER:
        subject, chat_id, link = claims.get("sub"), claims.get("chat_id"), claims.get("link")
        try:
            if not isinstance(subject, str) or not isinstance(chat_id, str):
                raise ValueError("sub and chat_id must be strings")
            if link is not None and not (isinstance(link, str) and len(link) == LINK_CLAIM_CHARS):
                raise ValueError("link must be the start of a link's hash")
            return Caller(role="customer", subject=str(UUID(subject)), chat_id=UUID(chat_id), link=link)
        except ValueError as exc:
            raise Unauthorized("the access token is invalid or expired") from exc
    if issuer != get_settings().auth_issuer:
        raise Unauthorized("the access token is invalid or expired")
    return Caller(role="admin", subject=str(claims["sub"]))


# -- customer capabilities ----------------------------------------------------------------


def link_capability(chat_id: UUID, expires_at: datetime) -> str:
    """The secret in a customer link: an HMAC of the chat and the link's expiry (to the
    microsecond, so every new link differs) under a key derived from the customer-token signing
    key. Recomputable, so an admin can be shown the link again; the database keeps only its
    hash (capability_hash)."""
    key = _derived_key(b"customer link capability v1")
    micros = (expires_at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    digest = hmac.new(key, f"{chat_id}:{micros}".encode(), hashlib.sha256).digest()
    return base64url_encode(digest).decode()


def visitor_credential(visitor_id: UUID) -> str:
    """A site visitor's long-lived credential: an HMAC of its id, as a link's capability is, so a
    retried start can answer it again; the database keeps only its hash and can revoke it."""
    digest = hmac.new(_derived_key(b"site visitor credential v1"), str(visitor_id).encode(), hashlib.sha256).digest()
    return base64url_encode(digest).decode()


def _derived_key(purpose: bytes) -> bytes:
    """A key for one purpose, derived from the customer-token signing key (one secret to keep)."""
    return hmac.new(_signing_jwk_text().encode(), purpose, hashlib.sha256).digest()


def unsubscribe_token(recipient_type: CallerRole, recipient_id: str, chat_id: UUID) -> str:
    """The capability in an email's unsubscribe link: whom it was sent to and about which chat,
    with an HMAC over both, so it needs no sign-in and cannot be made up or changed."""
    subject = f"{recipient_type}:{recipient_id}:{chat_id}"
    digest = hmac.new(_derived_key(b"email unsubscribe v1"), subject.encode(), hashlib.sha256).digest()
    return f"{base64url_encode(subject.encode()).decode()}.{base64url_encode(digest).decode()}"


def read_unsubscribe_token(token: str) -> tuple[CallerRole, str, UUID]:
    """(recipient type, recipient id, chat id) of a token unsubscribe_token made; Unauthorized
    for any other text."""
    try:
        encoded, _, _ = token.partition(".")
        subject = base64url_decode(encoded).decode()
        recipient_type, recipient_id, chat_text = subject.split(":")
        if recipient_type not in ("admin", "customer"):
            raise ValueError("unknown recipient type")
        role: CallerRole = "admin" if recipient_type == "admin" else "customer"
        chat_id = UUID(chat_text)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise Unauthorized("this unsubscribe link is not valid") from exc
    if not hmac.compare_digest(unsubscribe_token(role, recipient_id, chat_id).encode(), token.encode()):
        raise Unauthorized("this unsubscribe link is not valid")
    return role, recipient_id, chat_id


def capability_hash(capability: str) -> str:
    """What the database stores instead of the capability."""
    return hashlib.sha256(capability.encode()).hexdigest()


@lru_cache(maxsize=1)
def _signing_key(jwk_text: str) -> tuple[str, Any]:
    """The kid and the loaded private key, parsed once per container (per key)."""
    jwk = json.loads(jwk_text)
    return jwk["kid"], jwt.PyJWK(jwk).key


def _signing_jwk_text() -> str:
    signing_jwk = get_settings().signing_jwk
    if signing_jwk is None:
        raise UpstreamUnavailable("customer sign-in is not configured (CHAT_SIGNING_JWK)")
    return signing_jwk.get_secret_value()


def link_claim(link_token_hash: str) -> str:
    """What a customer token keeps of the link it was joined with: the start of its hash."""
    return link_token_hash[:LINK_CLAIM_CHARS]


def mint_customer_token(chat_id: UUID, customer_id: UUID, link: str) -> tuple[str, datetime]:
    settings = get_settings()
    kid, key = _signing_key(_signing_jwk_text())
    issued = int(time.time())
    expires = issued + settings.customer_token_ttl_seconds
    claims = {
        "iss": CUSTOMER_TOKEN_ISSUER,
        "aud": AUDIENCE,
        "role": "authenticated",
        "sub": str(customer_id),
        "chat_id": str(chat_id),
        "iat": issued,
        "exp": expires,
        "is_anonymous": True,
        "link": link,
    }
    token = jwt.encode(claims, key, algorithm="ES256", headers={"kid": kid})
    return token, datetime.fromtimestamp(expires, UTC)
