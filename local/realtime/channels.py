"""One joined channel of one socket, as supabase/realtime's RealtimeChannel process keeps it
(lib/realtime_web/channels/realtime_channel.ex): its token's claims and the timer that ends
it when they expire, its postgres_changes bindings and whether their database subscription is
ready yet, its authorization policies, its presence."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from local.realtime.authorization import Policies
from local.realtime.changes import Binding
from local.realtime.limits import WindowCounter
from local.realtime.protocol import Connection


def expiry_message(claims: dict[str, Any]) -> str | None:
    """ChannelsAuthorization.authorize_conn's words for an expired token; None while valid."""
    now = int(time.time())
    if "exp" in claims and int(claims["exp"]) <= now:
        return f"Token has expired {now - int(claims['exp'])} seconds ago"
    return None


@dataclass
class Channel:
    connection: Connection
    topic: str  # realtime:<sub_topic>, as frames carry it
    join_ref: str | None
    private: bool
    token: str | None
    claims: dict[str, Any]
    bindings: list[Binding]
    broadcast_self: bool
    broadcast_ack: bool
    presence_key: str
    presence_enabled: bool
    presence_calls: WindowCounter  # this channel's presence calls in the current window
    policies: Policies = field(default_factory=Policies)
    presence_metas: list[dict[str, Any]] = field(default_factory=list)
    presence_payload: dict[str, Any] | None = None  # as last tracked (presence_track_payload)
    postgres_ready: bool = False  # changes flow only once "Subscribed to PostgreSQL" was sent
    postgres_subscribing: asyncio.Task[None] | None = None
    token_check: asyncio.TimerHandle | None = None

    @property
    def sub_topic(self) -> str:
        return self.topic.removeprefix("realtime:")

    @property
    def role(self) -> str:
        return str(self.claims.get("role", "anon"))

    def push(self, event: str, payload: Any) -> None:
        self.connection.send(self.join_ref, None, self.topic, event, payload)

    def push_system(self, extension: str, status: str, message: str) -> None:
        self.push("system", {"extension": extension, "status": status, "message": message, "channel": self.sub_topic})

    def push_change(self, ids: list[int], encoded_data: str) -> None:
        """A change whose data was encoded once for all its subscribers; only the frame around
        it is this channel's."""
        if self.postgres_ready and ids:
            self.connection.send_encoded(
                f'[{json.dumps(self.join_ref)},null,{json.dumps(self.topic)},"postgres_changes",'
                f'{{"ids":{json.dumps(ids)},"data":{encoded_data}}}]'
            )

    def may_receive_broadcast(self) -> bool:
        return not self.private or bool(self.policies.broadcast_read)

    def may_receive_presence(self) -> bool:
        return not self.private or bool(self.policies.presence_read)

    def cancel_timers(self) -> None:
        for timer in (self.postgres_subscribing, self.token_check):
            if timer:
                timer.cancel()
