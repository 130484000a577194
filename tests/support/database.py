"""The database and the settings as a test changes them."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import psycopg

Rows = psycopg.Connection[dict[str, Any]]  # a connection whose rows are dicts (dict_row)


@contextlib.contextmanager
def as_role(db: Any, role: str, claims: dict[str, Any] | None = None) -> Iterator[Any]:
    """Run as `role` with `claims` (request.jwt.claims), the way Supabase evaluates a
    subscriber's right to a row, inside a transaction that is always rolled back."""
    with db.transaction(force_rollback=True):
        db.execute(
            "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
            (role, json.dumps(claims or {})),
        )
        yield db


def drop_cached_settings() -> None:
    """Forget everything a container caches from its settings (settings, the pages' origin and policy,
    Secrets Manager and SSM reads, the JWKS client, the signing key, the Auth admin and S3 clients), so
    the next use reads the environment as it is now."""
    from aws_lambda_powertools.utilities import parameters
    from chat_core import attachments, auth, auth_admin, widget_frame
    from chat_core.config import get_settings, pages_origin

    get_settings.cache_clear()
    pages_origin.cache_clear()
    widget_frame.pages_policy.cache_clear()
    parameters.clear_caches()
    auth._jwks.cache_clear()
    auth._signing_key.cache_clear()
    auth_admin._admin_api.cache_clear()
    attachments.s3_client.cache_clear()
