"""THE Supabase client: supabase-py's own PostgREST client (what `supabase.Client.rpc` calls),
one per container, created on first use and reused while warm. The API only calls SQL
functions, so it does not import the rest of supabase-py (auth, storage, realtime,
functions): a shorter cold start for the same requests, headers and errors."""

from __future__ import annotations

import ssl
import threading
from functools import lru_cache

import httpx
from postgrest import SyncPostgrestClient

from chat_core.config import get_settings

_client: SyncPostgrestClient | None = None
_lock = threading.Lock()


@lru_cache(maxsize=1)
def tls_context() -> ssl.SSLContext:
    """The container's one TLS context, for PostgREST and the JWKS (chat_core.auth) alike:
    loading the CA bundle costs ~20 ms of a cold start, paid once instead of once per client."""
    return httpx.create_ssl_context()


def get_client() -> SyncPostgrestClient:
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                settings = get_settings()
                key = settings.supabase_secret_key.get_secret_value()
                # The headers supabase-py's create_client sends with a secret key
                # (supabase/_sync/client.py, _get_auth_headers). Short timeouts (a Lambda must
                # fail fast; the library's default is 120 s); HTTP/1.1 keep-alive connections
                # stay open across a warm container's invocations.
                _client = SyncPostgrestClient(
                    f"{settings.supabase_url}/rest/v1",
                    headers={"apiKey": key, "Authorization": f"Bearer {key}"},
                    http_client=httpx.Client(
                        verify=tls_context(),
                        timeout=httpx.Timeout(settings.supabase_timeout_seconds, connect=2.0),
                        limits=httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=60),
                    ),
                )
    return _client
