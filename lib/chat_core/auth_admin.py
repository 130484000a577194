"""Supabase Auth's admin API (the project's secret key): only the invitation is used. Imported
by the routes that invite, not at cold start: the rest of the API never needs it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING
from uuid import UUID

import httpx

from chat_core import errors
from chat_core.config import get_settings
from chat_core.observability import logger

if TYPE_CHECKING:
    from supabase_auth import SyncGoTrueAdminAPI


@lru_cache(maxsize=1)
def _admin_api() -> SyncGoTrueAdminAPI:
    from supabase_auth import SyncGoTrueAdminAPI

    settings = get_settings()
    key = settings.supabase_secret_key.get_secret_value()
    # The headers supabase-py's create_client gives its auth client with a secret key.
    return SyncGoTrueAdminAPI(
        url=f"{settings.supabase_url}/auth/v1",
        headers={"apikey": key, "Authorization": f"Bearer {key}"},
        http_client=httpx.Client(timeout=httpx.Timeout(settings.supabase_timeout_seconds, connect=2.0)),
    )


def send_invitation(email: str) -> UUID:
    """Auth creates the user (our trigger makes it an admin) and emails a link to the
    dashboard, or emails it again to a user who has not accepted yet. Returns the user's id."""
    from supabase_auth.errors import AuthApiError, AuthError, AuthRetryableError

    redirect_to = get_settings().public_admin_url
    try:
        response = _admin_api().invite_user_by_email(email, {"redirect_to": redirect_to} if redirect_to else None)
    except AuthRetryableError as exc:
        logger.warning("auth invite unreachable", extra={"auth_status": exc.status})
        raise errors.UpstreamUnavailable(
            "Supabase Auth is not reachable: the invitation is kept, invite again to send it"
        ) from exc
    except AuthApiError as exc:
        logger.warning("auth invite refused", extra={"auth_status": exc.status, "auth_code": exc.code})
        if exc.status == 429:
            raise errors.RateLimited("Supabase Auth sends only so many emails an hour; invite again later") from exc
        if exc.code == "email_exists":
            raise errors.Conflict(
                f"{email} has just joined: they are on the team", code=errors.ErrorCode.ALREADY_JOINED
            ) from exc
        raise errors.UpstreamUnavailable(
            "Supabase Auth could not send the invitation: it is kept, invite again to send it"
        ) from exc
    except AuthError as exc:
        logger.warning("auth invite failed", extra={"error_type": type(exc).__name__})
        raise errors.UpstreamUnavailable("Supabase Auth could not send the invitation") from exc
    return UUID(str(response.user.id))
