"""THE Supabase client: one per container, created on first use and reused while warm."""

from __future__ import annotations

import threading

import httpx
from supabase.lib.client_options import SyncClientOptions

from chat_core.config import get_settings
from supabase import Client, create_client

_client: Client | None = None
_lock = threading.Lock()


def get_client() -> Client:
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                settings = get_settings()
                # SyncClientOptions, not ClientOptions: supabase-py 2.34's create_client
                # rejects the base class. Short timeouts on our own httpx client (the
                # library's default is 120 s; a Lambda must fail fast instead), whose
                # connections stay open across a warm container's invocations.
                options = SyncClientOptions(
                    httpx_client=httpx.Client(timeout=httpx.Timeout(settings.supabase_timeout_seconds, connect=2.0)),
                    auto_refresh_token=False,
                    persist_session=False,
                )
                _client = create_client(settings.supabase_url, settings.supabase_secret_key.get_secret_value(), options)
    return _client
