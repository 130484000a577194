"""What both handlers share around their routes: the resolver, error shapes, the entry point."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer
from aws_lambda_powertools.logging import correlation_paths

from chat_core.config import cors_allowed_origins, get_settings
from chat_core.errors import ChatError, PayloadTooLarge
from chat_core.models import ErrorBody
from chat_core.observability import logger, metrics
from chat_core.request_body import refuse_unreadable_body

ALLOWED_HEADERS = ["Authorization", "Content-Type", "X-Request-Id"]

# Every documented route can answer with this body on an error.
ERROR_RESPONSES: dict[int, dict[str, Any]] = {
    status: {"description": HTTPStatus(status).phrase, "content": {"application/json": {"model": ErrorBody}}}
    for status in (400, 401, 403, 404, 409, 413, 415, 422, 429, 503)
}
# Routes that need a credential document it; the API verifies it itself (chat_core.auth).
SECURITY_SCHEMES = {
    "bearer": HTTPBearer(
        bearerFormat="JWT",
        description=("An admin's Supabase Auth access token, or a customer's token from POST /chat-session/join"),
    )
}
BEARER = [{"bearer": []}]


def responses(success: dict[int, tuple[Any, str]]) -> dict[int, dict[str, Any]]:
    """A route's documented answers: its successes (status -> (model, description)) and every error."""
    documented = {
        status: {"description": description, "content": {"application/json": {"model": model}}}
        for status, (model, description) in success.items()
    }
    return {**documented, **ERROR_RESPONSES}


def _cors_config() -> CORSConfig | None:
    origins = cors_allowed_origins()
    if not origins:
        return None
    return CORSConfig(
        allow_origin=origins[0],
        extra_origins=origins[1:],
        allow_headers=ALLOWED_HEADERS,
        expose_headers=["X-Request-Id", "Retry-After"],
        max_age=600,
    )


def _error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps({"error": {"code": code, "message": message}}),
        headers=headers,
    )


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body" or len(error["loc"]) == 1)
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def create_app() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True, cors=_cors_config())

    @app.exception_handler(ChatError)
    def _chat_error(exc: ChatError) -> Response:
        return _error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    def _invalid_request(exc: RequestValidationError) -> Response:
        if any(error.get("type") == "json_invalid" for error in exc.errors()):
            return _error_response(400, "malformed_json", "the request body is not valid JSON")
        return _error_response(422, "validation_failed", _validation_message(exc))

    @app.not_found
    def _no_route(exc: NotFoundError) -> Response:
        return _error_response(404, "no_route", "no such route")

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response:
        logger.exception("unhandled error")
        return _error_response(500, "internal_error", "something went wrong; quote the request id")

    return app


def _body_size(event: dict[str, Any]) -> int:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return len(base64.b64decode(body, validate=False))
    return len(body.encode())


def lambda_entry(app: APIGatewayRestResolver) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """The Lambda handler for `app`: logs with the request's correlation id, flushes metrics,
    and refuses an oversized or unreadable body before any route parses it."""

    cors = _cors_config()

    def refuse(event: dict[str, Any], error: ChatError) -> dict[str, Any]:
        response = _error_response(error.status, error.code, error.message)
        headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
        if cors and (origin := headers.get("origin")):
            response.headers.update(cors.to_dict(origin))
        return {
            "statusCode": response.status_code,
            "headers": response.headers,
            "body": response.body,
            "isBase64Encoded": False,
        }

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
    @metrics.log_metrics(raise_on_empty_metrics=False)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        limit = get_settings().max_body_bytes
        if _body_size(event) > limit:
            result = refuse(event, PayloadTooLarge(f"the request body is larger than {limit} bytes"))
        elif unreadable := refuse_unreadable_body(event):
            result = refuse(event, unreadable)
        else:
            result = app.resolve(event, context)
        result.setdefault("headers", {})["X-Request-Id"] = logger.get_correlation_id() or ""
        return result

    return handler
