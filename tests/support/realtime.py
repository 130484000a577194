"""Realtime as a client sees it: the pinned supabase-js in Node, and the stack's Realtime
settings changed for a while."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

from local.stack import LocalStack


def is_postgres_ready(event: dict[str, Any]) -> bool:
    """The system message after which Realtime delivers a channel's postgres_changes."""
    payload = event.get("payload") or {}
    return (
        event["kind"] == "system" and payload.get("extension") == "postgres_changes" and payload.get("status") == "ok"
    )


class SupabaseJs:
    """The pinned supabase-js in Node, subscribed to the local gateway's Realtime."""

    def __init__(self, supabase_url: str, key: str, access_token: str | None) -> None:
        script = os.path.join(os.path.dirname(os.path.dirname(__file__)), "realtime", "supabase_js_client.mjs")
        args = ["node", "--experimental-websocket", "--no-warnings", script, supabase_url, key]
        self.process = subprocess.Popen(
            args + ([access_token] if access_token else []),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None  # piped above
        for line in self.process.stdout:
            self.events.put(json.loads(line))

    def command(self, command: str, **arguments: Any) -> None:
        assert self.process.stdin is not None  # piped above
        self.process.stdin.write(json.dumps({"command": command, **arguments}) + "\n")
        self.process.stdin.flush()

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> dict[str, Any]:
        """The first event (from now) for which predicate holds; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                break
            if predicate(event):
                return event
        raise AssertionError("supabase-js did not see the expected event")

    def drain(self, seconds: float) -> list[dict[str, Any]]:
        """Everything seen within `seconds` (to check that something did NOT arrive)."""
        seen, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                seen.append(self.events.get(timeout=left))
            except queue.Empty:
                break
        return seen

    def subscribed(self, name: str, **arguments: Any) -> None:
        """Joined, and (with postgres_changes) told by the server that changes now flow."""
        self.command("subscribe", name=name, **arguments)
        event = self.wait_for(lambda e: e.get("channel") == name and e["kind"] == "status" and e["status"] != "CLOSED")
        assert event["status"] == "SUBSCRIBED", event
        if arguments.get("changes"):
            self.wait_for(lambda e: e.get("channel") == name and is_postgres_ready(e))

    def close(self) -> None:
        if self.process.poll() is None:
            self.command("quit")
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


@contextlib.contextmanager
def realtime_settings(stack: LocalStack, **changes: Any) -> Iterator[None]:
    """The shared stack's Realtime with `changes` (RealtimeSettings fields) for the body only."""
    settings = stack.realtime_settings
    original = {name: getattr(settings, name) for name in changes}
    for name, value in changes.items():
        setattr(settings, name, value)
    try:
        yield
    finally:
        for name, value in original.items():
            setattr(settings, name, value)
