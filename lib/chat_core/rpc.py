"""Data access: every operation is one SQL function called over PostgREST RPC."""

from __future__ import annotations

from typing import Any

import httpx
from postgrest.exceptions import APIError

from chat_core import errors
from chat_core.observability import logger, trace_method
from chat_core.supabase_client import get_client

# Transport failures before the request left: nothing can have been written.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@trace_method
def call(function: str, params: dict[str, Any], *, write: bool = False) -> Any:
    """Call `function` with named `params`; map failures to domain errors. For a `write`,
    a failure after the request was sent (a read timeout, a dropped connection, PostgREST
    losing the database) leaves the outcome unknown, and the error says so."""
    try:
        return get_client().rpc(function, params).execute().data
    except APIError as exc:
        error = errors.from_postgrest(exc.code, exc.message, exc.details, exc.hint)
        if write and isinstance(error, errors.UpstreamUnavailable):
            error = errors.OutcomeUnknown()
        log = logger.warning if isinstance(error, errors.UpstreamUnavailable | errors.OutcomeUnknown) else logger.info
        log("rpc failed", extra={"rpc": function, "pg_code": exc.code, "pg_message": exc.message})
        raise error from exc
    except httpx.HTTPError as exc:
        logger.warning("rpc transport failed", extra={"rpc": function, "error_type": type(exc).__name__})
        if write and not isinstance(exc, _NOT_SENT):
            raise errors.OutcomeUnknown() from exc
        raise errors.UpstreamUnavailable("the database is not reachable right now") from exc
