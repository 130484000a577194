"""The Phoenix channel protocol as the pinned realtime-js speaks it (vsn 2.0.0: JSON array
frames `[join_ref, ref, topic, event, payload]`, binary frames for a client's broadcast), and
one client socket with its own bounded outbound queue."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import web

log = logging.getLogger("local.realtime")

USER_BROADCAST_PUSH = 3  # realtime-js binary frame kind for a client's broadcast


def decode_user_broadcast(data: bytes) -> tuple[str | None, str | None, str, dict[str, Any]] | None:
    """(join_ref, ref, topic, broadcast message) of a binary user broadcast; None for other kinds."""
    if not data or data[0] != USER_BROADCAST_PUSH:
        return None
    join_len, ref_len, topic_len, event_len, meta_len, encoding = data[1:7]
    offset, parts = 7, []
    for length in (join_len, ref_len, topic_len, event_len, meta_len):
        parts.append(data[offset : offset + length].decode())
        offset += length
    join_ref, ref, topic, user_event, meta = parts
    body = data[offset:]
    payload = json.loads(body) if encoding == 1 else list(body)
    message = {"type": "broadcast", "event": user_event, "payload": payload, **(json.loads(meta) if meta else {})}
    return join_ref or None, ref or None, topic, message


class Connection:
    """One client socket. Frames leave through a bounded queue that one writer task drains, so
    a client that stops reading never delays anyone else, and a failed write ends only its own
    socket. When the queue overflows the client is cut off, as Realtime kills a channel process
    whose mailbox outgrows its heap limit (realtime_channel.ex: Process.flag(:max_heap_size))."""

    def __init__(self, request: web.Request, ws: web.WebSocketResponse, api_key: str, queue_limit: int) -> None:
        self.request, self.ws, self.api_key = request, ws, api_key
        self.channels: dict[str, Any] = {}  # topic -> Channel
        self.closed = False
        self.closing, self.flushed = False, asyncio.Event()
        self._queue: asyncio.Queue[str | None] = asyncio.Queue(maxsize=queue_limit)
        self._writer = asyncio.create_task(self._write())

    def send(self, join_ref: str | None, ref: str | None, topic: str, event: str, payload: Any) -> None:
        """Queue one frame; never waits."""
        self.send_encoded(json.dumps([join_ref, ref, topic, event, payload], default=str))

    def send_encoded(self, frame: str) -> None:
        """Queue one frame already encoded as the v2 serializer's JSON array; never waits."""
        if self.closed:
            return
        try:
            self._queue.put_nowait(frame)
        except asyncio.QueueFull:
            log.warning("a Realtime client is not reading; its queue is full, disconnecting it")
            self.disconnect()

    def reply(self, join_ref: str | None, ref: str | None, topic: str, status: str, response: Any) -> None:
        self.send(join_ref, ref, topic, "phx_reply", {"status": status, "response": response})

    def disconnect_after_queued(self) -> None:
        """Close the socket once what is queued was sent (Realtime's "disconnect" to the
        transport after a reply); the socket's handler waits for `flushed` and closes it."""
        if not self.closed:
            self.closing = True
            try:
                self._queue.put_nowait(None)
            except asyncio.QueueFull:
                self.disconnect()

    async def _write(self) -> None:
        while True:
            frame = await self._queue.get()
            try:
                if frame is None:
                    self.flushed.set()
                    return
                await self.ws.send_str(frame)
            except (ConnectionError, RuntimeError):
                self.disconnect()
                return

    def disconnect(self) -> None:
        """Drop the socket at once (no close handshake: the client may not be reading)."""
        if self.closed:
            return
        self.closed = True
        self._writer.cancel()
        if self.request.transport is not None:
            self.request.transport.abort()

    async def close(self, code: int, message: bytes) -> None:
        """A clean close after what is queued (a server restart or network failure, to the client)."""
        self.closed = True
        self._writer.cancel()
        await self.ws.close(code=code, message=message)
