"""Domain errors and the one place that maps them (and data-layer errors) to HTTP status."""

from __future__ import annotations

from http import HTTPStatus


class ChatError(Exception):
    """An error the client can act on: an HTTP status, a stable code and a message."""

    status: HTTPStatus = HTTPStatus.BAD_REQUEST
    code: str = "bad_request"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}
        if code:  # a refusal the pages act on has its own stable code (REFUSAL_CODES)
            self.code = code


class BadRequest(ChatError):
    status, code = HTTPStatus.BAD_REQUEST, "bad_request"


class Unauthorized(ChatError):
    status, code = HTTPStatus.UNAUTHORIZED, "unauthorized"


class Forbidden(ChatError):
    status, code = HTTPStatus.FORBIDDEN, "forbidden"


class NotFound(ChatError):
    status, code = HTTPStatus.NOT_FOUND, "not_found"


class Conflict(ChatError):
    status, code = HTTPStatus.CONFLICT, "conflict"


class PayloadTooLarge(ChatError):
    status, code = HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large"


class UnsupportedMediaType(ChatError):
    status, code = HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"


class MalformedJson(ChatError):
    status, code = HTTPStatus.BAD_REQUEST, "malformed_json"


class ValidationFailed(ChatError):
    status, code = HTTPStatus.UNPROCESSABLE_ENTITY, "validation_failed"


class RateLimited(ChatError):
    status, code = HTTPStatus.TOO_MANY_REQUESTS, "rate_limited"


class UpstreamUnavailable(ChatError):
    status, code = HTTPStatus.SERVICE_UNAVAILABLE, "upstream_unavailable"


class OutcomeUnknown(ChatError):
    """A write was sent but no answer came: it may or may not be stored. Retrying with the same
    client_msg_id is safe (it returns the stored message, never a second one)."""

    status, code = HTTPStatus.SERVICE_UNAVAILABLE, "outcome_unknown"
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


# The stable codes of the refusals the pages act on or word (they never change), beside the
# status's own code: a SQL function names its in the error's hint (the migrations
# 20261207180000_refusal_codes.sql and 20261207190000_more_refusal_codes.sql), the services
# theirs as `code=`.
REFUSAL_CODES = frozenset(
    {
        "chat_closed",
        "client_msg_id_reused",
        "admin_deactivated",
        "invitee_deactivated",
        "already_on_team",
        "already_joined",
        "last_owner",
        "link_expired",
        "link_not_shown",
        "customer_required",
        "export_too_large",
    }
)


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
        return _BY_STATUS.get(int(code[2:]), BadRequest)(text, code=hint if hint in REFUSAL_CODES else None)
    # Anything else is Postgres speaking: its words (types, columns, values) stay in our logs.
    if code in {"23505", "23503"}:
        return Conflict("this conflicts with what is already stored")
    if code[:2] in {"22", "23"} or code == "P0001":
        return BadRequest("a value in the request cannot be stored")
    return UpstreamUnavailable("the database could not complete the request")
