"""What both handlers share around their routes: the resolver, who is calling, error shapes,
the entry point."""

from __future__ import annotations

import base64
from collections.abc import Callable, Collection
from http import HTTPStatus
from typing import Annotated, Any, cast
from uuid import UUID

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.logging import correlation_paths

from chat_core.auth import Caller, resolve_caller
from chat_core.config import cors_allowed_origins, get_settings
from chat_core.errors import ChatError, ErrorCode, PayloadTooLarge, ValidationFailed
from chat_core.models import ErrorBody, ErrorDetail
from chat_core.observability import logger, metrics, trace_handler
from chat_core.request_body import refuse_unreadable_body

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]
Route = tuple[str, str]  # (method, path as documented)

ALLOWED_HEADERS = ["Authorization", "Content-Type", "X-Request-Id"]

# Every documented route can answer with this body on an error.
ERROR_RESPONSES: dict[int, OpenAPIResponse] = {
    status: {"description": HTTPStatus(status).phrase, "content": {"application/json": {"model": ErrorBody}}}
    for status in (400, 401, 403, 404, 409, 413, 415, 422, 429, 503)
}
# Routes that need a credential document it (the scheme itself is declared in tools/openapi.py,
# the only place that needs powertools' OpenAPI models, ~60 ms to import).
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]


def responses(success: dict[int, tuple[Any, str]]) -> dict[int, OpenAPIResponse]:
    """A route's documented answers: its successes (status -> (model, description)) and every error."""
    documented: dict[int, OpenAPIResponse] = {
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


def error_response(
    status: int,
    code: ErrorCode,
    message: str,
    headers: dict[str, str] | None = None,
    field: str | None = None,
) -> Response[str]:
    """Every error the API answers, in the one documented shape (ErrorBody)."""
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=ErrorBody(error=ErrorDetail(code=code, message=message, field=field)).model_dump_json(exclude_none=True),
        headers=headers,
    )


def _field(error: Any) -> str:
    """The field a validation error is about, dotted, without where it came (body, query)."""
    loc = [str(part) for part in error.get("loc", ())]
    return ".".join(loc[1:] if len(loc) > 1 and loc[0] in {"body", "query", "path", "header"} else loc)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        loc = error.get("loc", ())
        where = ".".join(str(part) for part in loc if part != "body" or len(loc) == 1)
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def caller(router: Router) -> Caller:
    """Who is calling this request, as the authenticating middleware resolved it."""
    resolved: Caller = router.context["caller"]
    return resolved


# A chat named in the query: chatId on every route, id too where the original API (or a page
# already deployed) named it so.
ChatIdQuery = Annotated[UUID | None, Query(alias="chatId", description="The chat")]
IdQuery = Annotated[UUID | None, Query(description="The chat, by its older name (chatId is the same)")]


def chat_of(chat_id: UUID | None, id: UUID | None) -> UUID:  # noqa: A002 -- the query's name
    """The chat a route is asked about, named as chatId or id (not two different ones)."""
    if chat_id is not None and id is not None and chat_id != id:
        raise ValidationFailed("chatId and id name different chats", field="chatId")
    chosen = chat_id or id
    if chosen is None:
        raise ValidationFailed("chatId: Field required", field="chatId")
    return chosen


def create_router() -> Router:
    """A group of routes (one concern's), joined to a function's app with include_router."""
    router: Router = Router()  # type: ignore[no-untyped-call]  # powertools leaves it untyped
    return router


def _authenticating(public_routes: Collection[Route]) -> Callable[[APIGatewayRestResolver, NextMiddleware], Any]:
    """The one place a request's credential is turned into a Caller, before any route runs.
    `public_routes` and CORS preflights (which carry no credential, by the Fetch spec) pass
    without one; so does a path no route serves, which is then an unauthenticated 404."""

    def authenticate(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Any:
        request = app.request
        if request.method != "OPTIONS" and (request.method, request.route) not in public_routes:
            app.context["caller"] = resolve_caller(request.headers)  # cleared when the request ends
        return next_middleware(app)

    return authenticate


def _authenticate_before_validating(app: APIGatewayRestResolver, public_routes: Collection[Route]) -> None:
    """Powertools runs request validation before every middleware `use` adds, so an anonymous
    caller's bad body would be judged (422) before its missing credential (401), and parsing
    it would be work done for nobody. The authentication is put in front of that validation."""
    authenticate = _authenticating(public_routes)
    validate = app._request_validation_middleware  # set by enable_validation=True

    def authenticate_then_validate(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Any:
        def validated(app: APIGatewayRestResolver) -> Any:
            return validate(app, next_middleware)

        return authenticate(app, cast(NextMiddleware, validated))

    app._request_validation_middleware = cast(Any, authenticate_then_validate)


def create_app(public_routes: Collection[Route] = ()) -> APIGatewayRestResolver:
    """A resolver whose routes all need a credential, except `public_routes`."""
    app = APIGatewayRestResolver(enable_validation=True, cors=_cors_config())
    _authenticate_before_validating(app, public_routes)

    @app.exception_handler(ChatError)  # type: ignore[untyped-decorator]  # powertools leaves it untyped
    def _chat_error(exc: ChatError) -> Response[str]:
        return error_response(exc.status, exc.code, exc.message, exc.headers, exc.field)

    @app.exception_handler(RequestValidationError)  # type: ignore[untyped-decorator]  # as above
    def _invalid_request(exc: RequestValidationError) -> Response[str]:
        if any(error.get("type") == "json_invalid" for error in exc.errors()):
            return error_response(400, ErrorCode.MALFORMED_JSON, "the request body is not valid JSON")
        first = next(iter(exc.errors()), None)
        field = _field(first) if first else None
        return error_response(422, ErrorCode.VALIDATION_FAILED, _validation_message(exc), field=field or None)

    @app.not_found
    def _no_route(exc: NotFoundError) -> Response[str]:
        return error_response(404, ErrorCode.NO_ROUTE, "no such route")

    @app.exception_handler(Exception)  # type: ignore[untyped-decorator]  # as above
    def _unexpected(exc: Exception) -> Response[str]:
        logger.exception("unhandled error")
        return error_response(500, ErrorCode.INTERNAL_ERROR, "something went wrong; quote the request id")

    return app


def _body_size(event: dict[str, Any]) -> int:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return len(base64.b64decode(body, validate=False))
    return len(body.encode())


def lambda_entry(app: APIGatewayRestResolver) -> LambdaHandler:
    """The Lambda handler for `app`: logs with the request's correlation id, traces, flushes
    metrics, and refuses an oversized or unreadable body before any route parses it."""

    cors = _cors_config()

    def refuse(event: dict[str, Any], error: ChatError) -> dict[str, Any]:
        response = error_response(error.status, error.code, error.message)
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
    @trace_handler
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

    entry: LambdaHandler = handler
    return entry
