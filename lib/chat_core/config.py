"""Typed settings from the environment.

Locally the environment comes from `.env` (the local stack loads it with python-dotenv); in
AWS the secret values come from Secrets Manager, named by CHAT_SECRET_ID, through powertools
`parameters` (cached across invocations of a warm container).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationInfo, field_validator

SECRET_CACHE_SECONDS = 300
# What customers and agents may attach unless ATTACHMENT_TYPES says otherwise: images, PDF,
# plain text and CSV, office documents, zip.
DEFAULT_ATTACHMENT_TYPES = (
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/zip",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
)
# Where browsers' push subscriptions point: Chrome (FCM), Firefox (autopush), Safari, Edge (WNS).
DEFAULT_PUSH_SERVICES = (
    "https://fcm.googleapis.com/",
    "https://updates.push.services.mozilla.com/",
    "https://web.push.apple.com/",
    "https://*.notify.windows.com/",
)
# Never, whatever ATTACHMENT_TYPES says: what a browser would run or render as a page.
NEVER_ATTACHED = (
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
    "application/x-msdownload",
    "application/x-sh",
    "application/java-archive",
)


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    supabase_url: str
    supabase_secret_key: SecretStr
    public_chat_url: str
    supabase_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
    # The largest valid request, 4,000 astral characters JSON-escaped (12 bytes each), with margin.
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # ES256 private JWK (with kid) that signs customer tokens; only joining needs it.
    signing_jwk: SecretStr | None = None
    customer_token_ttl_seconds: int = Field(default=900, ge=60, le=900)
    link_ttl_days: int = Field(default=30, ge=1, le=365)
    # New chats: left unassigned, or given round robin to the admins online (chat_private.next_assignee).
    auto_assign: Literal["off", "round_robin"] = "off"
    # Attachments: the private bucket (none: attaching answers 503), the largest file, the types.
    attachments_bucket: str | None = None
    # An S3-compatible endpoint instead of AWS's (the local stack's); None in AWS.
    attachments_s3_endpoint: str | None = None
    # Downloads are CloudFront signed URLs under <files_url>/chats/...: the distribution's
    # public key id and the private key (PEM, from the secret) that signs them.
    files_url: str | None = None
    files_key_id: str | None = None
    files_signing_key: SecretStr | None = None
    max_attachment_bytes: int = Field(default=10 * 1024 * 1024, ge=1, le=5 * 1024**3)  # 5 GB: S3's POST limit
    attachment_types: tuple[str, ...] = DEFAULT_ATTACHMENT_TYPES
    # Email when unread: the SES identity it comes from, where replies go, the configuration set
    # (bounces and complaints); no sender: the notifier sends nothing.
    notify_from: str | None = None
    notify_reply_to: str | None = None
    ses_configuration_set: str | None = None
    # Web push: the VAPID private key (base64url P-256 scalar, from the secret; None: no pushes),
    # push or email first, and the push services an endpoint may point at (URL prefixes; a
    # "*." host matches its subdomains): the browsers' vendors', so the notifier never POSTs
    # to an address a caller made up.
    vapid_private_key: SecretStr | None = None
    # Who sends the pushes, for push services to reach (RFC 8292 "sub"): mailto: or https:.
    vapid_subject: str | None = None
    push_mode: Literal["instead", "before"] = "instead"
    push_services: tuple[str, ...] = DEFAULT_PUSH_SERVICES
    # Pushes to hosts that resolve to loopback or private addresses: the local stack's push
    # service only; in AWS every endpoint must resolve to public addresses (chat_core.push_endpoints).
    push_private_addresses: bool = False
    # When a chat is closed, email its customer the transcript (the notifier).
    email_transcript_on_close: bool = False
    # Retention: closed chats erased this many days after closing; 0 keeps them for ever.
    closed_chat_retention_days: int = Field(default=0, ge=0, le=36500)
    # The API's own URL, for the emails' one-click List-Unsubscribe (RFC 8058); None: no header.
    public_api_url: str | None = None
    # Where an invited admin's email link lands (the dashboard); None: Auth's Site URL.
    public_admin_url: str | None = None
    # Behind a custom domain Supabase Auth keeps issuing https://<ref>.supabase.co/auth/v1.
    supabase_auth_issuer: str | None = None

    @property
    def auth_issuer(self) -> str:
        """The `iss` of access tokens from this project's Supabase Auth."""
        return self.supabase_auth_issuer or f"{self.supabase_url}/auth/v1"

    @field_validator("supabase_auth_issuer")
    @classmethod
    def _issuer_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("SUPABASE_AUTH_ISSUER must be an http(s) URL")
        return value.rstrip("/") if value else None

    @field_validator("vapid_subject")
    @classmethod
    def _vapid_subject(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("mailto:", "https://")):
            raise ValueError("VAPID_SUBJECT must be a mailto: or https: URL (RFC 8292)")
        return value

    @field_validator("push_services", mode="before")
    @classmethod
    def _push_services(cls, value: object) -> object:
        if isinstance(value, str):
            value = tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @field_validator("attachment_types", mode="before")
    @classmethod
    def _attachment_types(cls, value: object) -> object:
        if isinstance(value, str):
            value = tuple(item.strip().lower() for item in value.split(",") if item.strip())
        refused = sorted(set(value) & set(NEVER_ATTACHED)) if isinstance(value, tuple) else []
        if refused:
            raise ValueError(f"ATTACHMENT_TYPES may not allow {', '.join(refused)}: browsers would run it")
        return value

    @field_validator("public_admin_url", "public_api_url")
    @classmethod
    def _optional_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f"{(info.field_name or '').upper()} must be an http(s) URL")
        return value

    @field_validator("public_api_url")
    @classmethod
    def _api_base(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value  # routes are appended to it

    @field_validator("supabase_url", "public_chat_url")
    @classmethod
    def _http_url(cls, value: str, info: ValidationInfo) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        # The page URL is kept as given: a static host may need its trailing slash (/chat/).
        return value.rstrip("/") if info.field_name == "supabase_url" else value

    @field_validator("supabase_secret_key")
    @classmethod
    def _present(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value():
            raise ValueError("SUPABASE_SECRET_KEY (or SUPABASE_SERVICE_ROLE_KEY) is required")
        return value


def _secret_values() -> dict[str, str]:
    """Secret values: from the environment locally, else the Secrets Manager JSON secret."""
    secret_id = os.environ.get("CHAT_SECRET_ID")
    if not secret_id:
        return {}
    from aws_lambda_powertools.utilities import parameters

    values = parameters.get_secret(secret_id, transform="json", max_age=SECRET_CACHE_SECONDS)
    # A nested value (the signing JWK stored as an object) is kept as JSON text.
    return {key: value if isinstance(value, str) else json.dumps(value) for key, value in values.items()}


@lru_cache(maxsize=1)
def pages_origin() -> str | None:
    """The origin the stack serves the pages from (https://<distribution domain>), read once per
    container from the SSM parameter PAGES_ORIGIN_PARAMETER names; None where that is unset."""
    name = os.environ.get("PAGES_ORIGIN_PARAMETER")
    if not name:
        return None
    from aws_lambda_powertools.utilities import parameters

    return parameters.get_parameter(name).rstrip("/")


def _first(env: dict[str, str], *names: str) -> str | None:
    return next((env[name] for name in names if env.get(name)), None)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    env = {**_secret_values(), **{k: v for k, v in os.environ.items() if v}}
    return Settings(
        supabase_url=env.get("SUPABASE_URL", ""),
        # The seed called it SUPABASE_SERVICE_ROLE_KEY; current Supabase names it the secret key.
        supabase_secret_key=_first(env, "SUPABASE_SECRET_KEY", "SUPABASE_SERVICE_ROLE_KEY") or "",
        public_chat_url=env.get("PUBLIC_CHAT_URL") or _hosted_page_url("chat") or "",
        supabase_timeout_seconds=env.get("SUPABASE_TIMEOUT_SECONDS", 5.0),
        max_body_bytes=env.get("MAX_BODY_BYTES", 64 * 1024),
        signing_jwk=env.get("CHAT_SIGNING_JWK"),
        customer_token_ttl_seconds=env.get("CUSTOMER_TOKEN_TTL_SECONDS", 900),
        link_ttl_days=env.get("CHAT_LINK_TTL_DAYS", 30),
        auto_assign=env.get("CHAT_AUTO_ASSIGN", "off"),
        supabase_auth_issuer=env.get("SUPABASE_AUTH_ISSUER"),
        public_admin_url=env.get("PUBLIC_ADMIN_URL") or _hosted_page_url("admin"),
        public_api_url=env.get("PUBLIC_API_URL"),
        vapid_private_key=env.get("VAPID_PRIVATE_KEY"),
        vapid_subject=env.get("VAPID_SUBJECT") or (f"mailto:{env['NOTIFY_FROM']}" if env.get("NOTIFY_FROM") else None),
        push_mode=env.get("PUSH_MODE", "instead"),
        closed_chat_retention_days=env.get("CLOSED_CHAT_RETENTION_DAYS", 0),
        email_transcript_on_close=env.get("EMAIL_TRANSCRIPT_ON_CLOSE", "false").lower() == "true",
        push_services=env.get("PUSH_SERVICES") or DEFAULT_PUSH_SERVICES,
        push_private_addresses=env.get("PUSH_PRIVATE_ADDRESSES", "false").lower() == "true",
        notify_from=env.get("NOTIFY_FROM"),
        notify_reply_to=env.get("NOTIFY_REPLY_TO"),
        ses_configuration_set=env.get("SES_CONFIGURATION_SET"),
        attachments_bucket=env.get("ATTACHMENTS_BUCKET"),
        attachments_s3_endpoint=env.get("ATTACHMENTS_S3_ENDPOINT"),
        files_url=env.get("FILES_URL") or pages_origin(),
        files_key_id=env.get("FILES_KEY_ID"),
        files_signing_key=env.get("FILES_SIGNING_KEY"),
        max_attachment_bytes=env.get("MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024),
        attachment_types=env.get("ATTACHMENT_TYPES") or DEFAULT_ATTACHMENT_TYPES,
    )


def _hosted_page_url(page: str) -> str | None:
    """A page the stack hosts (chat, admin), when it hosts the pages."""
    origin = pages_origin()
    return f"{origin}/{page}/" if origin else None


def cors_allowed_origins() -> list[str]:
    """Browser origins allowed to call the API: the stack's pages and CORS_ALLOWED_ORIGINS
    (comma-separated); none means no CORS headers.

    Read apart from the other settings: the resolver needs it at import, before secrets.
    """
    origins = [origin.strip() for origin in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",") if origin.strip()]
    if "*" in origins:
        raise ValueError("CORS_ALLOWED_ORIGINS must name origins; '*' would let any site call the API")
    hosted = pages_origin()
    return [hosted, *(origin for origin in origins if origin != hosted)] if hosted else origins
