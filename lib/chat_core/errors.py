"""Domain errors and the one place that maps them (and data-layer errors) to HTTP status."""

from __future__ import annotations

from enum import StrEnum
from http import HTTPStatus


class ErrorCode(StrEnum):
    """Every `error.code` the API answers (openapi.json lists them as an enum). A code never
    changes once shipped: the pages choose their words by it, never by the message's text."""

    # One per kind of failure, whatever the route.
    BAD_REQUEST = "bad_request"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    MALFORMED_JSON = "malformed_json"
    VALIDATION_FAILED = "validation_failed"  # `error.field` names the first field at fault
    RATE_LIMITED = "rate_limited"
    UPSTREAM_UNAVAILABLE = "upstream_unavailable"
    OUTCOME_UNKNOWN = "outcome_unknown"
    NO_ROUTE = "no_route"
    INTERNAL_ERROR = "internal_error"
    # Refusals a page acts on or words: raised by a SQL function as its error's hint, or by a
    # service as `code=`.
    CHAT_CLOSED = "chat_closed"
    CLIENT_MSG_ID_REUSED = "client_msg_id_reused"
    ADMIN_DEACTIVATED = "admin_deactivated"
    INVITEE_DEACTIVATED = "invitee_deactivated"
    ALREADY_ON_TEAM = "already_on_team"
    ALREADY_JOINED = "already_joined"
    LAST_OWNER = "last_owner"
    LINK_EXPIRED = "link_expired"
    LINK_NOT_SHOWN = "link_not_shown"
    CUSTOMER_REQUIRED = "customer_required"
    EXPORT_TOO_LARGE = "export_too_large"
    FILE_TYPE_REFUSED = "file_type_refused"
    FILE_TOO_LARGE = "file_too_large"
    FILE_CONTENT_MISMATCH = "file_content_mismatch"
    FILE_NOT_UPLOADED = "file_not_uploaded"
    SITE_NOT_FOUND = "site_not_found"
    ORIGIN_NOT_ALLOWED = "origin_not_allowed"
    IDENTITY_REQUIRED = "identity_required"
    IDENTITY_INVALID = "identity_invalid"
    VISITOR_UNKNOWN = "visitor_unknown"
    PRECHAT_FIELD_REQUIRED = "prechat_field_required"
    SITE_KEY_EXISTS = "site_key_exists"
    SITE_KEYS_FULL = "site_keys_full"
    SITE_KEY_MISSING = "site_key_missing"
    SITE_KEY_NOT_PUBLIC = "site_key_not_public"


class ChatError(Exception):
    """An error the client can act on: an HTTP status, a stable code and a message."""

    status: HTTPStatus = HTTPStatus.BAD_REQUEST
    code: ErrorCode = ErrorCode.BAD_REQUEST

    def __init__(
        self,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        code: ErrorCode | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}
        self.field = field  # the request's field at fault, where there is one
        if code:  # a refusal the pages act on has its own stable code
            self.code = code


class BadRequest(ChatError):
    status, code = HTTPStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST


class Unauthorized(ChatError):
    status, code = HTTPStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED


class Forbidden(ChatError):
    status, code = HTTPStatus.FORBIDDEN, ErrorCode.FORBIDDEN


class NotFound(ChatError):
    status, code = HTTPStatus.NOT_FOUND, ErrorCode.NOT_FOUND


class Conflict(ChatError):
    status, code = HTTPStatus.CONFLICT, ErrorCode.CONFLICT


class PayloadTooLarge(ChatError):
    status, code = HTTPStatus.REQUEST_ENTITY_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE


class UnsupportedMediaType(ChatError):
    status, code = HTTPStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE


class MalformedJson(ChatError):
    status, code = HTTPStatus.BAD_REQUEST, ErrorCode.MALFORMED_JSON


class ValidationFailed(ChatError):
    status, code = HTTPStatus.UNPROCESSABLE_ENTITY, ErrorCode.VALIDATION_FAILED


class RateLimited(ChatError):
    status, code = HTTPStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED


class UpstreamUnavailable(ChatError):
    status, code = HTTPStatus.SERVICE_UNAVAILABLE, ErrorCode.UPSTREAM_UNAVAILABLE


class OutcomeUnknown(ChatError):
    """A write was sent but no answer came: it may or may not be stored. Retrying with the same
    client_msg_id is safe (it returns the stored message, never a second one)."""

    status, code = HTTPStatus.SERVICE_UNAVAILABLE, ErrorCode.OUTCOME_UNKNOWN
    RETRY_AFTER_SECONDS = 2

    def __init__(self) -> None:
        super().__init__(
            "the change may or may not have been stored; retry it (a message with the same client_msg_id)",
            headers={"Retry-After": str(self.RETRY_AFTER_SECONDS)},
        )


_BY_STATUS: dict[int, type[ChatError]] = {
    cls.status: cls
    for cls in (
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        PayloadTooLarge,
        UnsupportedMediaType,
        ValidationFailed,
        RateLimited,
        UpstreamUnavailable,
    )
}


# The codes a SQL function may name in its error's hint (the migrations
# 20261207180000_refusal_codes.sql, 20261207190000_more_refusal_codes.sql and
# 20261208100000_sites_and_visitors.sql).
_SQL_REFUSALS = frozenset(
    {
        ErrorCode.CHAT_CLOSED,
        ErrorCode.CLIENT_MSG_ID_REUSED,
        ErrorCode.ADMIN_DEACTIVATED,
        ErrorCode.INVITEE_DEACTIVATED,
        ErrorCode.ALREADY_ON_TEAM,
        ErrorCode.LAST_OWNER,
        ErrorCode.SITE_NOT_FOUND,
        ErrorCode.ORIGIN_NOT_ALLOWED,
        ErrorCode.IDENTITY_REQUIRED,
        ErrorCode.VISITOR_UNKNOWN,
        ErrorCode.PRECHAT_FIELD_REQUIRED,
        ErrorCode.SITE_KEY_EXISTS,
        ErrorCode.SITE_KEYS_FULL,
        ErrorCode.SITE_KEY_MISSING,
    }
)
# A refusal about one field of the request names it in the error's detail.
_FIELD_REFUSALS = frozenset({ErrorCode.PRECHAT_FIELD_REQUIRED})


def from_postgrest(
    code: str | None, message: str | None, details: str | None = None, hint: str | None = None
) -> ChatError:
    """Translate a PostgREST error (SQLSTATE or PTxxx) into a domain error.

    The SQL functions raise PTxxx with the HTTP status they mean (PT429 carries the seconds
    to wait in its detail), and where a page acts on the refusal, its stable code in the hint;
    constraint violations are bad input. Anything else is the data layer failing, which the
    client cannot fix.
    """
    code = code or ""
    text = message or "request failed"
    if code == "PT429":
        return RateLimited(text, headers={"Retry-After": details} if details and details.isdigit() else None)
    if code.startswith("PT") and code[2:].isdigit():
        refusal = ErrorCode(hint) if hint in _SQL_REFUSALS else None
        field = details if refusal in _FIELD_REFUSALS else None
        return _BY_STATUS.get(int(code[2:]), BadRequest)(text, code=refusal, field=field)
    # Anything else is Postgres speaking: its words (types, columns, values) stay in our logs.
    if code in {"23505", "23503"}:
        return Conflict("this conflicts with what is already stored")
    if code[:2] in {"22", "23"} or code == "P0001":
        return BadRequest("a value in the request cannot be stored")
    return UpstreamUnavailable("the database could not complete the request")
