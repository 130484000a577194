"""Supabase Realtime's subset for the local gateway, in the parts the real service has:
protocol.py (the Phoenix protocol and each socket's outbound queue), channels.py and
server.py (join, token expiry, broadcast, presence), authorization.py (private channels,
realtime.messages RLS), changes.py with wal.sql (postgres_changes: capture, RLS per
subscriber, fan-out)."""

from local.realtime.server import RealtimeServer, RealtimeSettings

__all__ = ["RealtimeServer", "RealtimeSettings"]
