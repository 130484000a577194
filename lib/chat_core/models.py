"""Request and response models: they validate input and describe the API in OpenAPI."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StringConstraints,
    field_validator,
    model_validator,
)

from chat_core.errors import ErrorCode

MAX_CONTENT_CHARS = 4000
MAX_PAGE_SIZE = 200
MAX_SEQ = 2**63 - 1  # bigint
MAX_ATTACHMENTS_PER_MESSAGE = 5  # chat_messages' check says the same
# Metadata is the admin's own notes about a chat: small, shallow, and read back on every list.
METADATA_MAX_DEPTH = 5
METADATA_MAX_KEYS = 100
METADATA_MAX_BYTES = 4096

SessionStatus = Literal["open", "closed"]
SenderType = Literal["admin", "customer"]
AssigneeFilter = Literal["me", "none"]
AdminRole = Literal["owner", "agent"]
EmailNotifications = Literal["all", "assigned", "off"]
MemberStatus = Literal["active", "invited", "deactivated", "not_sent"]
DisplayName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
CustomerName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
MessageContent = Annotated[str, StringConstraints(min_length=1, max_length=MAX_CONTENT_CHARS, pattern=r"\S")]


def _shape(value: Any, depth: int = 1) -> tuple[int, int]:
    """(depth, number of keys) of a JSON value."""
    if isinstance(value, dict):
        inner = [_shape(item, depth + 1) for item in value.values()]
        return max([depth, *(d for d, _ in inner)]), len(value) + sum(k for _, k in inner)
    if isinstance(value, list):
        inner = [_shape(item, depth + 1) for item in value]
        return max([depth, *(d for d, _ in inner)]), sum(k for _, k in inner)
    return depth - 1, 0


def _within_metadata_limits(metadata: dict[str, Any] | None) -> dict[str, Any] | None:
    if metadata is None:
        return None
    depth, keys = _shape(metadata)
    if depth > METADATA_MAX_DEPTH:
        raise ValueError(f"metadata may nest at most {METADATA_MAX_DEPTH} levels")
    if keys > METADATA_MAX_KEYS:
        raise ValueError(f"metadata may hold at most {METADATA_MAX_KEYS} keys")
    if len(json.dumps(metadata, ensure_ascii=False).encode()) > METADATA_MAX_BYTES:
        raise ValueError(f"metadata may be at most {METADATA_MAX_BYTES} bytes as JSON")
    return metadata


Metadata = Annotated[dict[str, Any] | None, AfterValidator(_within_metadata_limits)]
# What the database (chat_private.is_email) and SES both take, so a bad address is a clear 422
# here rather than a refused insert: a dot-atom local part of printable ASCII, a DNS domain with
# a letter TLD; no control character, space or non-ASCII. No email-validator package for a
# format SQL must hold too.
_EMAIL_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DNS_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^{_EMAIL_ATOM}(\.{_EMAIL_ATOM})*@{_DNS_LABEL}(\.{_DNS_LABEL})*\.[A-Za-z]{{2,63}}$"


def _local_part_within_64(address: str) -> str:
    if len(address.partition("@")[0]) > 64:
        raise ValueError("the part before @ may be at most 64 characters")
    return address


CustomerEmail = Annotated[
    str,
    StringConstraints(max_length=254, pattern=EMAIL_PATTERN),
    AfterValidator(_local_part_within_64),
    Field(json_schema_extra={"format": "email"}),
]


class ApiModel(BaseModel):
    """Every body the API reads or writes. Its validator is built when first used rather than at
    import: a cold start builds only the few its request needs (~20 ms less than all 50)."""

    model_config = ConfigDict(defer_build=True)


class StrictRequest(ApiModel):
    """Unknown fields are rejected: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


class CreateSessionRequest(StrictRequest):
    customer_name: CustomerName | None = None
    customer_email: CustomerEmail | None = None
    metadata: Metadata = Field(
        default=None,
        description=(
            f"Free-form notes: at most {METADATA_MAX_DEPTH} levels, {METADATA_MAX_KEYS} keys, "
            f"{METADATA_MAX_BYTES} bytes."
        ),
    )


class ChatReference(StrictRequest):
    chat_id: UUID


class JoinRequest(StrictRequest):
    chat_id: UUID
    # SecretStr: the capability must not show in any repr, and so in no log line.
    token: SecretStr = Field(
        min_length=16, max_length=128, description="The capability from the link's fragment (#token=...)."
    )


class SendMessageRequest(StrictRequest):
    chat_id: UUID
    content: Annotated[str, StringConstraints(max_length=MAX_CONTENT_CHARS)] = Field(
        default="", description="The text; may be empty when the message carries attachments."
    )
    attachments: list[UUID] = Field(
        default_factory=list,
        max_length=MAX_ATTACHMENTS_PER_MESSAGE,
        description="upload_ids from POST /chat-message/uploads whose files are in S3 now.",
    )
    sender_type: SenderType | None = Field(
        default=None, description="Optional; when present it must match the caller's credential."
    )
    client_msg_id: UUID | None = Field(
        default=None, description="Idempotency key: a retry with the same id returns the original message."
    )

    @model_validator(mode="after")
    def _says_something(self) -> SendMessageRequest:
        if not self.content.strip() and not self.attachments:
            raise ValueError("content needs some text, unless the message carries attachments")
        if len(set(self.attachments)) != len(self.attachments):
            raise ValueError("attachments must not repeat an upload_id")
        return self


class SearchMatch(ApiModel):
    rank: float = Field(description="1 for a name or email match; else the best message's rank in [0, 1).")
    seq: int | None = Field(description="The best-matching message, to open the chat at; null for a name match.")
    snippet: str | None = Field(
        description="Words around the match, each matched word between U+0002 and U+0003 (plain text, never markup)."
    )


class VisitorContext(StrictRequest):
    """What the widget knows of where the visitor is; shown to the team, never trusted for access."""

    page_url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    referrer: Annotated[str, StringConstraints(max_length=2000)] | None = None
    time_zone: Annotated[str, StringConstraints(max_length=64)] | None = None
    language: Annotated[str, StringConstraints(max_length=35)] | None = None


class Session(ApiModel):
    id: UUID
    created_at: datetime
    updated_at: datetime
    status: SessionStatus
    customer_name: str | None
    customer_email: str | None
    metadata: dict[str, Any] | None
    closed_at: datetime | None
    last_message_at: datetime | None
    last_activity_at: datetime
    last_seq: int
    message_count: int
    last_message_preview: str | None
    assignee_id: UUID | None = Field(default=None, description="The admin handling the chat, if any.")
    assignee_name: str | None = Field(default=None, description="That admin's display name.")
    waiting_since: datetime | None = Field(
        default=None,
        description="When the customer's first message since the team last wrote arrived; null once the team "
        "replies or the chat closes.",
    )
    unread: int | None = Field(
        default=None,
        description="In a session list: messages from others after the calling admin's read cursor, counted up to 100.",
    )
    customer_online: bool | None = Field(
        default=None,
        description="To an admin: the customer's page said it was open within the last 150 s and has not left.",
    )
    customer_seen_at: datetime | None = Field(
        default=None, description="To an admin: when the customer's page last said it was open (or left)."
    )
    match: SearchMatch | None = Field(default=None, description="In a search's results: why this chat was found.")
    site_id: UUID | None = Field(default=None, description="The site whose widget started the chat; null for a link.")
    identity_sub: str | None = Field(
        default=None, description="The visitor's id on the site, from an identity token the site signed (verified)."
    )
    context: VisitorContext | None = Field(default=None, description="Where a site's visitor was when it started.")


class SessionEnvelope(ApiModel):
    session: Session


class SessionWithLink(ApiModel):
    session: Session
    link: str = Field(description="The customer's link; the database stores only its capability's hash.")
    link_expires_at: datetime


REALTIME_EPOCH_HELP = (
    "The epoch in the names of the Realtime rooms with broadcast and presence (support@<epoch>, "
    "chat:<id>@<epoch>, chat-team:<id>@<epoch>); it moves on when an admin is deactivated."
)


class JoinedSession(ApiModel):
    access_token: str = Field(
        description="ES256 JWT for this one chat: the API's Bearer token and Realtime's accessToken."
    )
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 -- the OAuth token type, not a secret
    expires_at: datetime
    session: Session
    realtime_epoch: int = Field(description=REALTIME_EPOCH_HELP)


class SessionPage(ApiModel):
    sessions: list[Session]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    waiting_count: int | None = Field(
        default=None, description="With ?waiting=true: how many chats wait for a reply in all (under the filter)."
    )


class Attachment(ApiModel):
    id: UUID
    name: str = Field(description="The file's name as uploaded.")
    type: str = Field(description="Its content type, checked against its first bytes.")
    size: int = Field(description="Bytes.")
    width: int | None = Field(default=None, description="An image's width in pixels, where cheap to read.")
    height: int | None = None


class UploadRequest(StrictRequest):
    chat_id: UUID
    file_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    content_type: Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=3, max_length=255)]
    size: int = Field(ge=1, description="The file's exact size in bytes; S3 refuses any other.")


class UploadRules(ApiModel):
    types: list[str] = Field(description="The content types a file may have (ATTACHMENT_TYPES).")
    max_bytes: int = Field(description="The largest file, in bytes (MAX_ATTACHMENT_BYTES).")
    max_files: int = Field(description="The most files one message takes.")


class UploadTicket(ApiModel):
    upload_id: UUID = Field(description="Name it in a message's attachments once the POST succeeded.")
    url: str = Field(description="POST the file here as multipart/form-data: these fields, then `file` last.")
    fields: dict[str, str]
    expires_at: datetime = Field(description="The POST is refused after this.")
    max_bytes: int


TranscriptFormat = Literal["json", "csv", "txt", "html"]
ExportFormat = Literal["ndjson", "csv"]


class BulkExportRequest(StrictRequest):
    # Aware only: a moment without its offset is ambiguous, and could not be compared with one that has it.
    start: AwareDatetime = Field(alias="from", description="Chats created at or after this moment (with its offset).")
    end: AwareDatetime = Field(alias="to", description="…and before this one.")
    format: ExportFormat = Field(
        default="ndjson", description="ndjson: a chat line, then a line per message; csv: a row per message."
    )

    @model_validator(mode="after")
    def _a_range(self) -> BulkExportRequest:
        if self.end <= self.start:
            raise ValueError("from must be before to")
        return self


class CustomerDataRequest(StrictRequest):
    email: CustomerEmail = Field(description="The customer email whose chats to export or erase (any case).")


class Erasure(ApiModel):
    chats: int
    messages: int
    notes: int
    objects: int = Field(description="Files deleted from S3 (attachments, uploads, transcripts).")
    erased_at: datetime


class TranscriptFile(ApiModel):
    url: str = Field(description="A 5-minute link to the file (saved, not shown: Content-Disposition attachment).")
    expires_at: datetime
    file_name: str
    format: TranscriptFormat | ExportFormat
    bytes: int
    messages: int = Field(description="How many messages it holds.")


class AttachmentLink(ApiModel):
    attachment: Attachment
    url: str = Field(description="A short-lived link to the file (an image inline, anything else as a download).")
    expires_at: datetime


class Message(ApiModel):
    id: UUID
    chat_id: UUID
    seq: int
    created_at: datetime
    sender_type: SenderType
    sender_id: str | None
    sender_name: str | None = Field(
        default=None, description="An admin's message: its author's display name when it was sent."
    )
    content: str
    client_msg_id: UUID | None
    attachments: list[Attachment] = Field(default_factory=list)


class MessageEnvelope(ApiModel):
    message: Message


class MessagePage(ApiModel):
    messages: list[Message]
    has_more: bool = Field(description="More messages exist beyond this page: newer with after_seq, older otherwise.")
    others_read_seq: int = Field(
        default=0,
        description="How far the other side has read: the customer's cursor for an admin, the furthest admin's "
        'for the customer ("Seen").',
    )


class ReadRequest(StrictRequest):
    chat_id: UUID
    seq: int = Field(ge=0, le=MAX_SEQ, description="The highest seq on the reader's screen.")


class ReadCursor(ApiModel):
    chat_id: UUID
    seq: int = Field(description="The caller's read cursor now: it only moves forward.")


class AdminSummary(ApiModel):
    user_id: UUID
    display_name: str = Field(description="What customers see as the agent's name.")


class AdminProfile(AdminSummary):
    role: AdminRole = Field(description="owner: also manages the team; agent: handles chats.")
    email_notifications: EmailNotifications = Field(
        description="Emails about unread customer messages: all (every chat routed to this admin: "
        "its own, and unassigned ones), assigned (its own only), off."
    )
    realtime_epoch: int = Field(description=REALTIME_EPOCH_HELP)


class AdminPreferences(StrictRequest):
    email_notifications: EmailNotifications


# A push service's URL for one browser: ASCII, as every URL is. The same bounds for the body's
# field and the DELETE route's query parameter.
PUSH_ENDPOINT_BOUNDS: dict[str, Any] = {"min_length": 10, "max_length": 1000, "pattern": r"^https?://[!-~]+$"}
PushEndpoint = Annotated[str, Field(**PUSH_ENDPOINT_BOUNDS, description="The push service's URL for this browser.")]


class PushKeys(StrictRequest):
    # base64url, as PushSubscription.toJSON() gives them: a P-256 point (65 bytes) and 16 bytes
    p256dh: str = Field(pattern=r"^[A-Za-z0-9_-]{86,88}={0,2}$", description="The browser's P-256 public key.")
    auth: str = Field(pattern=r"^[A-Za-z0-9_-]{21,24}={0,2}$", description="The browser's auth secret.")


class PushSubscriptionRequest(StrictRequest):
    """A browser's PushSubscription.toJSON()."""

    endpoint: PushEndpoint
    keys: PushKeys
    expirationTime: float | None = Field(default=None, description="Ignored: push services say when one is gone.")  # noqa: N815 -- the browser's name


class PushSubscriptionSaved(ApiModel):
    id: int
    created_at: datetime


class PushSubscriptionDeleted(ApiModel):
    deleted: bool = Field(description="false: this browser had no subscription of the caller's.")


class EmailSubscriptionChange(StrictRequest):
    subscribed: bool = Field(
        description="false stops the emails (what a mail client's one-click List-Unsubscribe does); true restarts them."
    )


class EmailSubscription(ApiModel):
    recipient_type: Literal["admin", "customer"]
    scope: Literal["chat", "account"] = Field(
        description="chat: a customer's emails about its chat; account: an admin's emails about every chat."
    )
    subscribed: bool


class AdminList(ApiModel):
    admins: list[AdminSummary]
    has_more: bool = Field(default=False, description="Never true: a team has at most 500 active admins.")


class TeamMember(ApiModel):
    user_id: UUID | None = Field(description="null while the invitation is not sent (status not_sent).")
    email: str
    display_name: str
    role: AdminRole
    status: MemberStatus = Field(
        description="active; invited (has not accepted yet); deactivated; not_sent (Auth did not send the email)."
    )
    last_sign_in_at: datetime | None
    online: bool = Field(description="The admin's dashboard is open now.")


AutoAssign = Literal["off", "round_robin"]
AUTO_ASSIGN_HELP = "New chats: off (left unassigned) or round_robin (given in turn to the admins online now)."


class Team(ApiModel):
    members: list[TeamMember]
    has_more: bool = Field(
        default=False, description="True when deactivated admins past the team's 500 were left out (they come last)."
    )
    auto_assign: AutoAssign = Field(
        default="off", description=AUTO_ASSIGN_HELP + " The deployment's CHAT_AUTO_ASSIGN until an owner chooses."
    )


class TeamSettings(StrictRequest):
    auto_assign: AutoAssign = Field(description=AUTO_ASSIGN_HELP)


class InviteRequest(StrictRequest):
    email: CustomerEmail
    display_name: DisplayName
    role: AdminRole = "agent"


class Invitation(ApiModel):
    member: TeamMember
    email_sent: bool = Field(
        description="true: Supabase Auth emailed the invitation; false: already a user, an admin at once."
    )


class TeamMemberUpdate(StrictRequest):
    user_id: UUID
    display_name: DisplayName | None = None
    role: AdminRole | None = None
    active: bool | None = Field(default=None, description="false deactivates (their chats become unassigned).")

    @model_validator(mode="after")
    def _changes_something(self) -> TeamMemberUpdate:
        if self.display_name is None and self.role is None and self.active is None:
            raise ValueError("give display_name, role or active to change")
        return self


class AssignRequest(StrictRequest):
    chat_id: UUID
    assignee_id: UUID | None = Field(description="The admin to handle the chat; null for nobody.")


class AdminOnlineRequest(StrictRequest):
    online: bool = Field(description="true while the dashboard is open (sent every 60 s), false when it is closing.")


class AdminOnline(ApiModel):
    online: bool


class PresenceRequest(StrictRequest):
    chat_id: UUID
    present: bool = Field(
        description="true while the customer's page is open (sent every 60 s), false when it is closing."
    )


class CustomerPresence(ApiModel):
    chat_id: UUID
    customer_online: bool
    customer_seen_at: datetime


ReplyTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class SaveReplyRequest(StrictRequest):
    id: UUID | None = Field(default=None, description="A saved reply to change; without it, a new one.")
    title: ReplyTitle = Field(description="What the reply box's '/' finds it by; unique, any case.")
    body: MessageContent = Field(description="The text it puts in the reply box.")


class SavedReply(ApiModel):
    id: UUID
    title: str
    body: str
    updated_at: datetime


class SavedReplyList(ApiModel):
    replies: list[SavedReply]
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page; null on the last.")


class DeletedReply(ApiModel):
    id: UUID
    deleted: bool


class NoteRequest(StrictRequest):
    chat_id: UUID
    body: MessageContent


class Note(ApiModel):
    id: UUID
    chat_id: UUID
    author_id: UUID
    author_name: str
    body: str
    created_at: datetime


class NoteList(ApiModel):
    notes: list[Note]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the page of older notes; null when these are the oldest."
    )


# -- sites and their visitors ----------------------------------------------------------------

IdentityMode = Literal["off", "optional", "required"]
PrechatField = Literal["hidden", "optional", "required"]
WidgetPosition = Literal["left", "right"]
SiteName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
# What a browser sends in Origin: https (or http on this machine), a host, a port; no path.
WEB_ORIGIN_PATTERN = (
    r"^(https://[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*"
    r"|http://(localhost|127\.0\.0\.1|\[::1\]))(:[0-9]{1,5})?$"
)
WebOrigin = Annotated[str, StringConstraints(max_length=300, pattern=WEB_ORIGIN_PATTERN)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-f]{6}$")]
WelcomeLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
SiteKey = Annotated[str, StringConstraints(min_length=8, max_length=64, pattern=r"^site_[0-9a-f]+$")]
# A visitor credential or an identity token: never logged (SecretStr).
VISITOR_CREDENTIAL_HELP = "The visitor credential an earlier start answered, kept in the widget's storage."
IDENTITY_JWT_HELP = (
    "A JWT the site's server signed for its signed-in user (sub; optional email, name; exp at most 24 h "
    "ahead; kid naming one of the site's keys)."
)


class SiteKeyInfo(ApiModel):
    kid: str
    created_at: datetime
    public_jwk: dict[str, Any] = Field(description="The public key, as a JWK.")


class SiteForVisitor(ApiModel):
    """What the widget shows before any chat: the site's name, look and pre-chat fields."""

    site_key: str = Field(description="Public: the host page's script tag names it (data-site).")
    name: str
    identity_mode: IdentityMode
    name_field: PrechatField
    email_field: PrechatField
    welcome_line: str | None
    colour: str
    position: WidgetPosition


class Site(SiteForVisitor):
    id: UUID
    origins: list[str] = Field(description="The exact origins allowed to embed the widget and start chats.")
    active: bool
    keys: list[SiteKeyInfo]
    created_at: datetime
    updated_at: datetime


class SiteList(ApiModel):
    sites: list[Site]


class SiteSettings(StrictRequest):
    name: SiteName | None = None
    origins: list[WebOrigin] | None = Field(default=None, min_length=1, max_length=20)
    identity_mode: IdentityMode | None = None
    name_field: PrechatField | None = None
    email_field: PrechatField | None = None
    welcome_line: WelcomeLine | None = Field(default=None, description="Empty or null: the page's own words.")
    colour: Colour | None = None
    position: WidgetPosition | None = None

    @field_validator("origins")
    @classmethod
    def _distinct_origins(cls, origins: list[str] | None) -> list[str] | None:
        if origins is not None and len(set(origins)) != len(origins):
            raise ValueError("origins must not repeat")
        return origins


class CreateSiteRequest(SiteSettings):
    name: SiteName
    origins: list[WebOrigin] = Field(min_length=1, max_length=20)


class UpdateSiteRequest(SiteSettings):
    site_id: UUID
    active: bool | None = Field(default=None, description="false: the widget stops; chats stay.")


class SiteKeyRequest(StrictRequest):
    site_id: UUID
    public_jwk: dict[str, Any] = Field(
        description="An EC (P-256), RSA (2048 bits or more) or Ed25519 public key as a JWK, with its kid."
    )


class SiteKeyRemoval(StrictRequest):
    site_id: UUID
    kid: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class VisitorRequest(StrictRequest):
    site_key: SiteKey
    host_origin: WebOrigin | None = Field(
        default=None,
        description="The website the widget's frame is on (its ancestor's origin); only the widget's frame, "
        "on the pages' own origin, names it. Any other caller's Origin header is its host.",
    )
    visitor_token: SecretStr | None = Field(
        default=None, min_length=16, max_length=128, description=VISITOR_CREDENTIAL_HELP
    )
    identity_token: SecretStr | None = Field(
        default=None, min_length=16, max_length=4096, description=IDENTITY_JWT_HELP
    )


class ResumeRequest(VisitorRequest):
    chat_id: UUID | None = Field(default=None, description="The chat to open; none: the newest open one.")


class StartChatRequest(VisitorRequest):
    customer_name: CustomerName | None = None
    customer_email: CustomerEmail | None = None
    content: MessageContent
    client_msg_id: UUID = Field(description="Idempotency key: a retried start returns the chat it made.")
    context: VisitorContext = Field(default_factory=VisitorContext)


class VisitorChats(ApiModel):
    sessions: list[Session] = Field(description="The visitor's chats on this site, newest first (20 at most).")
    opened: JoinedSession | None = Field(
        description="A token for the chat asked for, or the newest open one; null: none."
    )
    visitor_token: str | None = Field(
        description="A new visitor credential to keep (long-lived, revocable); null when the request's still serves."
    )


class StartedChat(VisitorChats):
    opened: JoinedSession
    message: Message


class ForgottenVisitor(ApiModel):
    forgotten: bool


class ErrorDetail(ApiModel):
    code: ErrorCode = Field(description="Stable: choose what to do or say by it, never by `message`.")
    message: str = Field(description="For developers; its wording may change.")
    field: str | None = Field(
        default=None,
        description="With validation_failed: the first field at fault, dotted (e.g. `customer_email`).",
    )


class ErrorBody(ApiModel):
    error: ErrorDetail
