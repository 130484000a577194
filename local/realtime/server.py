"""The socket endpoint and what a channel does on each event, after supabase/realtime
lib/realtime_web/channels/realtime_channel.ex (join, access_token, broadcast, presence,
confirm_token, postgres_subscribe) and its handlers in realtime_channel/."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import jwt
import psycopg
from aiohttp import WSMsgType, web
from psycopg_pool import PoolTimeout

from local.database import ServicePool
from local.gotrue import UnknownSigningKey
from local.realtime.authorization import Policies, read_policies, write_policies
from local.realtime.changes import Binding, ChangeFeed, Subscriber, SubscriptionRefused
from local.realtime.channels import Channel, expiry_message
from local.realtime.limits import RateCounter, WindowCounter
from local.realtime.protocol import Connection, decode_user_broadcast

log = logging.getLogger("local.realtime")

DATABASE_ERRORS = (psycopg.OperationalError, PoolTimeout)
NO_DATABASE = "UnableToConnectToProject: Realtime was unable to connect to the project database"


@dataclass
class RealtimeSettings:
    # Seconds between the join reply and "Subscribed to PostgreSQL", drawn from this range:
    # Realtime creates the database subscription after answering the join, retrying with a
    # 1-3 s backoff while a cold tenant's replication connection starts (postgres_subscribe).
    postgres_changes_ready_after: tuple[float, float] = (0.0, 0.0)
    # Supabase's "Allow public access" switched off: only private channels may join.
    private_only: bool = False
    # Frames one socket may have waiting before it is cut off.
    outbound_queue_limit: int = 1000
    # Realtime's poll_interval_ms (db_settings.ex: 100), in seconds: a change committed while
    # the feed is idle reaches subscribers up to 5 intervals later (changes.py).
    poll_interval: float = 0.1
    # realtime_channel.ex @confirm_token_ms_interval: every channel's token is verified again
    # (signature and expiry) at least this often, in seconds.
    confirm_token_interval: float = 300.0
    # A project's limits, with Supabase's defaults (config/runtime.exs TENANT_MAX_*,
    # CLIENT_PRESENCE_*; Realtime.Api.Tenant max_presence_events_per_second).
    max_concurrent_users: int = 200
    max_channels_per_client: int = 100
    max_joins_per_second: int = 100
    max_events_per_second: int = 100  # also the database events' limit (db_events_per_second_rate)
    max_presence_events_per_second: int = 1000
    client_presence_max_calls: int = 5
    client_presence_window: float = 30.0
    rate_counter_tick: float = 5.0  # tenants.ex: tick: :timer.seconds(5) for every limit above


class TenantCounters:
    """The tenant's RateCounters (lib/realtime/tenants.ex *_per_second_rate), each reading its
    limit and tick from the settings when it ticks."""

    def __init__(self, settings: RealtimeSettings) -> None:
        def counter(limit: str) -> RateCounter:
            return RateCounter(lambda: getattr(settings, limit), lambda: settings.rate_counter_tick)

        self.joins = counter("max_joins_per_second")
        self.events = counter("max_events_per_second")
        self.db_events = counter("max_events_per_second")
        self.presence_events = counter("max_presence_events_per_second")

    def reset(self) -> None:
        for rate in (self.joins, self.events, self.db_events, self.presence_events):
            rate.reset()


class JoinRefused(Exception):
    """A join (or token) the server answers with an error."""


class TooManyJoins(JoinRefused):
    """Refused, and the whole socket disconnected."""


class RealtimeServer:
    def __init__(
        self,
        pool: ServicePool,
        database_url: str,
        key_role: Callable[[str | None], str | None],
        claims_of: Callable[[str | None, str | None], dict[str, Any]],
        settings: RealtimeSettings,
    ) -> None:
        self.pool, self.settings = pool, settings
        self._key_role, self._claims_of = key_role, claims_of
        self.connections: set[Connection] = set()
        self.rates = TenantCounters(settings)
        self.feed = ChangeFeed(
            pool,
            database_url,
            self._subscribers,
            self._resubscribe_all,
            lambda: self.settings.poll_interval,
            self.rates.db_events,
        )

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/realtime/v1/websocket", self.websocket)
        app.on_startup.append(self._start)
        app.on_shutdown.append(self._going_away)
        app.on_cleanup.append(self._stop)

    async def _start(self, _: web.Application) -> None:
        await self.feed.start()

    async def _stop(self, _: web.Application) -> None:
        await self.feed.stop()
        await self.drop_connections()

    async def _going_away(self, _: web.Application) -> None:
        """A server that stops closes its sockets first (RFC 6455 7.4.1: 1001, going away), as
        Realtime's Cowboy does on shutdown: every page sees it at once and starts reconnecting,
        and the stop waits for no socket (aiohttp waits for open handlers before on_cleanup)."""
        await self._close_all(1001, b"server going away")

    async def drop_connections(self) -> None:
        """Close every client socket, as a network failure would (clients reconnect)."""
        await self._close_all(1011, b"server dropped the connection")

    async def _close_all(self, code: int, message: bytes) -> None:
        await asyncio.gather(
            *(connection.close(code=code, message=message) for connection in list(self.connections)),
            return_exceptions=True,
        )

    # -- the socket -------------------------------------------------------------------------
    async def websocket(self, request: web.Request) -> web.StreamResponse:
        api_key = request.query.get("apikey") or request.headers.get("apikey")
        if api_key is None or self._key_role(api_key) is None:
            return web.json_response({"message": "Invalid API key"}, status=401)
        ws = web.WebSocketResponse(protocols=("phoenix",), heartbeat=None, max_msg_size=1024 * 1024)
        await ws.prepare(request)
        connection = Connection(request, ws, api_key, self.settings.outbound_queue_limit)
        self.connections.add(connection)
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    await self._on_frame(connection, *json.loads(message.data))
                elif message.type == WSMsgType.BINARY and (push := decode_user_broadcast(message.data)):
                    join_ref, ref, topic, broadcast = push
                    await self._on_frame(connection, join_ref, ref, topic, "broadcast", broadcast)
                if connection.closing:
                    await connection.flushed.wait()
                    await ws.close()
        finally:
            self.connections.discard(connection)
            connection.disconnect()
            for channel in list(connection.channels.values()):
                self._end(channel)
        return ws

    async def _on_frame(
        self, connection: Connection, join_ref: str | None, ref: str | None, topic: str, event: str, payload: Any
    ) -> None:
        channel = connection.channels.get(topic)
        if topic == "phoenix" and event == "heartbeat":
            connection.reply(None, ref, "phoenix", "ok", {})
        elif event == "phx_join":
            await self._join(connection, join_ref, ref, topic, payload or {})
        elif channel is None:
            connection.reply(join_ref, ref, topic, "error", {"reason": "unmatched topic"})
        elif event == "phx_leave":
            connection.reply(channel.join_ref, ref, topic, "ok", {})
            self._end(channel)
            channel.push("phx_close", {})
        elif event == "access_token":
            await self._update_token(channel, (payload or {}).get("access_token"))
        elif event == "broadcast":
            await self._broadcast(channel, ref, payload or {})
        elif event == "presence":
            await self._presence(channel, ref, payload or {})

    # -- tokens -----------------------------------------------------------------------------
    def _confirm_token(self, connection: Connection, token: str | None) -> dict[str, Any]:
        """confirm_token: the claims, or JoinRefused with Realtime's words."""
        try:
            claims = self._claims_of(token, connection.api_key)
        except jwt.ExpiredSignatureError as exc:
            unverified = jwt.decode(token or "", options={"verify_signature": False})
            raise JoinRefused(expiry_message(unverified) or "Token has expired") from exc
        except jwt.DecodeError as exc:
            raise JoinRefused("The token provided is not a valid JWT") from exc
        except UnknownSigningKey as exc:  # jwt_verification.ex: no JWK for the token's kid
            raise JoinRefused(
                f'Failed to generate JWT signer for key ID (kid) "{exc.kid}", '
                "check your JWT secret or JWKS configuration"
            ) from exc
        except jwt.PyJWTError as exc:
            raise JoinRefused("Failed to validate JWT signature") from exc
        is_api_key = not token or self._key_role(token) is not None
        if not is_api_key and not {"role", "exp"} <= claims.keys():
            raise JoinRefused("Fields `role` and `exp` are required in JWT")
        return claims

    def _schedule_token_check(self, channel: Channel) -> None:
        """A timer, not the next change, ends a channel whose token expires or stops verifying
        (a signing key revoked since the join): confirm_token runs again within the interval."""
        if channel.token_check:
            channel.token_check.cancel()
        if "exp" not in channel.claims:
            return  # an API key's token does not expire
        delay = min(self.settings.confirm_token_interval, max(0.0, channel.claims["exp"] - time.time()))
        channel.token_check = asyncio.get_running_loop().call_later(delay, self._check_token, channel)

    def _check_token(self, channel: Channel) -> None:
        """handle_info(:confirm_token): the whole verification again, not just the expiry."""
        try:
            channel.claims = self._confirm_token(channel.connection, channel.token)
        except JoinRefused as exc:
            self._shut_down(channel, str(exc))
            return
        self._schedule_token_check(channel)

    async def _update_token(self, channel: Channel, token: str | None) -> None:
        # Realtime ignores API keys, a missing token and the token it already has (no reply).
        if not token or token.startswith("sb_") or token == channel.token:
            return
        try:
            claims = self._confirm_token(channel.connection, token)
            policies = await self._read_policies(channel, claims, Policies()) if channel.private else channel.policies
        except JoinRefused as exc:
            self._shut_down(channel, str(exc))
            return
        previous = channel.policies
        if (previous.broadcast_read and not policies.broadcast_read) or (
            previous.presence_read and not policies.presence_read
        ):
            self._shut_down(
                channel, f"You no longer have permission to read from this Channel topic: {channel.sub_topic}"
            )
            return
        channel.token, channel.claims, channel.policies = token, claims, policies
        self._schedule_token_check(channel)
        if channel.bindings:  # the subscription is made again with the new claims
            self._subscribe_postgres(channel, reset=False)

    # -- join, leave, shut down -------------------------------------------------------------
    async def _read_policies(self, channel: Channel, claims: dict[str, Any], policies: Policies) -> Policies:
        try:
            return await read_policies(self.pool, policies, channel.sub_topic, claims, channel.presence_enabled)
        except DATABASE_ERRORS as exc:
            raise JoinRefused(NO_DATABASE) from exc

    async def _join(
        self, connection: Connection, join_ref: str | None, ref: str | None, topic: str, payload: dict[str, Any]
    ) -> None:
        config = payload.get("config") or {}
        broadcast, presence = config.get("broadcast") or {}, config.get("presence") or {}
        token = payload.get("access_token")
        try:
            if self.settings.private_only and not config.get("private"):
                raise JoinRefused("PrivateOnly: This project only allows private channels")
            self._limit_join(connection, topic)
            try:
                claims = self._confirm_token(connection, token)
            except JoinRefused as exc:
                raise JoinRefused(f"InvalidJWTToken: {exc}") from exc
            bindings = [Binding.from_config(c) for c in config.get("postgres_changes") or []]
            channel = Channel(
                connection,
                topic,
                join_ref,
                bool(config.get("private")),
                token,
                claims,
                bindings,
                bool(broadcast.get("self")),
                bool(broadcast.get("ack")),
                presence.get("key") or str(uuid.uuid4()),
                bool(presence.get("enabled")),
                WindowCounter(
                    lambda: self.settings.client_presence_max_calls, lambda: self.settings.client_presence_window
                ),
            )
            if channel.private:
                channel.policies = await self._read_policies(channel, claims, channel.policies)
                if not (channel.policies.broadcast_read or channel.policies.presence_read):
                    raise JoinRefused(
                        "Unauthorized: You do not have permissions to read from this Channel topic: "
                        f"{channel.sub_topic}"
                    )
        except JoinRefused as exc:
            connection.reply(join_ref, ref, topic, "error", {"reason": str(exc)})
            if isinstance(exc, TooManyJoins):
                connection.disconnect_after_queued()  # the transport is told to disconnect as well
            return
        if topic in connection.channels:  # a re-join replaces the old channel
            self._end(connection.channels[topic])
        connection.channels[topic] = channel
        connection.reply(join_ref, ref, topic, "ok", {"postgres_changes": [b.reply() for b in bindings]})
        if bindings:
            self._subscribe_postgres(channel, reset=True)
        if channel.presence_enabled and channel.may_receive_presence():
            self._sync_presence(channel)
        self._schedule_token_check(channel)

    def _limit_join(self, connection: Connection, topic: str) -> None:
        """limit_max_users, limit_joins, limit_channels, in that order, with their words."""
        users = sum(1 for other in self.connections if other.channels and other is not connection)
        if not connection.channels and users >= self.settings.max_concurrent_users:
            raise JoinRefused("ConnectionRateLimitReached: Too many connected users")
        if self.rates.joins.is_triggered():
            raise TooManyJoins("ClientJoinRateLimitReached: Too many joins per second")
        self.rates.joins.add()
        if len(connection.channels.keys() - {topic}) >= self.settings.max_channels_per_client:
            raise JoinRefused("ChannelRateLimitReached: Too many channels")

    def _subscribe_postgres(self, channel: Channel, *, reset: bool) -> None:
        """After the join reply, later: the database subscription, then the system message that
        says changes flow. Until then (reset) nothing is delivered to this channel."""
        if reset:
            channel.postgres_ready = False
        if channel.postgres_subscribing:
            channel.postgres_subscribing.cancel()

        async def subscribe() -> None:
            await asyncio.sleep(random.uniform(*self.settings.postgres_changes_ready_after))  # noqa: S311 -- timing, not crypto
            while True:
                await self.feed.polling.wait()
                try:
                    channel.bindings = await self.feed.subscribe(channel.bindings, channel.role)
                    break
                except SubscriptionRefused as exc:  # malformed or refused: no retry
                    channel.push_system("postgres_changes", "error", str(exc))
                    return
                except DATABASE_ERRORS:  # handle_info(:postgres_subscribe): again in 5-10 s
                    channel.push_system("postgres_changes", "error", NO_DATABASE)
                    await asyncio.sleep(random.uniform(5, 10))  # noqa: S311 -- timing, not crypto
            channel.postgres_ready = True
            channel.push_system("postgres_changes", "ok", "Subscribed to PostgreSQL")

        channel.postgres_subscribing = asyncio.create_task(subscribe())

    async def _resubscribe_all(self) -> None:
        for connection in list(self.connections):
            for channel in list(connection.channels.values()):
                if channel.bindings:
                    self._subscribe_postgres(channel, reset=True)

    def _shut_down(self, channel: Channel, message: str) -> None:
        """shutdown_response: a system error, then the channel stops (the client sees phx_close
        and realtime-js drops the channel for good)."""
        channel.push_system("system", "error", message)
        channel.push("phx_close", {})
        self._end(channel)

    def _end(self, channel: Channel) -> None:
        if channel.connection.channels.get(channel.topic) is channel:
            del channel.connection.channels[channel.topic]
        channel.cancel_timers()
        self._untrack(channel)

    # -- broadcast and presence ---------------------------------------------------------------
    def _members(self, channel: Channel) -> Iterator[Channel]:
        """Everyone on the same topic; a private and a public channel of one name never meet
        (Tenants.tenant_topic)."""
        for connection in list(self.connections):
            member = connection.channels.get(channel.topic)
            if member is not None and member.private == channel.private:
                yield member

    async def _broadcast(self, channel: Channel, ref: str | None, payload: dict[str, Any]) -> None:
        if channel.private:
            if channel.policies.broadcast_write is None:
                try:
                    await write_policies(self.pool, channel.policies, channel.sub_topic, channel.claims)
                except DATABASE_ERRORS:
                    return
            if not channel.policies.broadcast_write:
                return  # BroadcastHandler: dropped, no reply even when an ack was asked for
        self.rates.events.add()  # broadcast_handler.ex increment_rate_counter: the sender's own
        message = {"type": "broadcast", "event": payload.get("event"), "payload": payload.get("payload")}
        for member in self._members(channel):
            if (member is not channel or channel.broadcast_self) and member.may_receive_broadcast():
                member.push("broadcast", message)
                self._count_delivery(member)
        if channel.broadcast_ack and ref:
            channel.connection.reply(channel.join_ref, ref, channel.topic, "ok", {})

    def _count_delivery(self, member: Channel) -> None:
        """message_dispatcher.ex sends every receiver :update_rate_counter; the channel counts it
        and, while the tenant is over its messages per second, shuts itself down."""
        self.rates.events.add()
        if self.rates.events.is_triggered():
            self._shut_down(member, "Too many messages per second")

    def _presence_allowed(self, channel: Channel) -> bool:
        """limit_presence_event: counted, or while the average is above the limit refused, and
        the channel shut down."""
        if self.rates.presence_events.average() > self.settings.max_presence_events_per_second:
            self._shut_down(channel, "Too many presence messages per second")
            return False
        self.rates.presence_events.add()
        return True

    def _sync_presence(self, channel: Channel) -> None:
        if self._presence_allowed(channel):
            channel.push("presence_state", self._presence_state(channel))

    def _presence_state(self, channel: Channel) -> dict[str, Any]:
        state: dict[str, Any] = {}
        for member in self._members(channel):
            if member.presence_metas:
                state.setdefault(member.presence_key, {"metas": []})["metas"].extend(member.presence_metas)
        return state

    def _presence_diff(self, channel: Channel, joins: dict[str, Any], leaves: dict[str, Any]) -> None:
        receivers = [member for member in self._members(channel) if member.may_receive_presence()]
        for member in receivers:
            member.push("presence_diff", {"joins": joins, "leaves": leaves})
        self.rates.presence_events.add(len(receivers))  # increment_presence_counter

    async def _presence(self, channel: Channel, ref: str | None, payload: dict[str, Any]) -> None:
        """PresenceHandler.handle: the channel's own calls are limited first, whatever the event."""
        if not channel.presence_calls.allow():
            self._shut_down(channel, "Client presence rate limit exceeded")
            return
        event = str(payload.get("event", "")).lower()
        if event == "track":
            track = payload.get("payload", {})
            if not isinstance(track, dict):
                channel.connection.reply(
                    channel.join_ref, ref, channel.topic, "error", {"reason": "Presence track payload must be a map"}
                )
                return
            if channel.private and channel.policies.presence_write is None:
                try:
                    if channel.policies.presence_read is None:
                        channel.presence_enabled = True
                        await read_policies(self.pool, channel.policies, channel.sub_topic, channel.claims, True)
                    await write_policies(self.pool, channel.policies, channel.sub_topic, channel.claims)
                except DATABASE_ERRORS:
                    channel.connection.reply(channel.join_ref, ref, channel.topic, "error", {})
                    return
            if channel.private and not channel.policies.presence_write:
                channel.connection.reply(channel.join_ref, ref, channel.topic, "error", {})
                return
            if track == channel.presence_payload:
                pass  # check_track_payload: the same payload again is a no-op, no diff for anyone
            elif not self._presence_allowed(channel):
                return
            else:
                left = {channel.presence_key: {"metas": channel.presence_metas}} if channel.presence_metas else {}
                channel.presence_metas = [{"phx_ref": uuid.uuid4().hex[:12], **track}]
                channel.presence_payload = track
                self._presence_diff(channel, {channel.presence_key: {"metas": channel.presence_metas}}, left)
        elif event == "untrack":
            self._untrack(channel)
        channel.connection.reply(channel.join_ref, ref, channel.topic, "ok", {})

    def _untrack(self, channel: Channel) -> None:
        if channel.presence_metas:
            left = {channel.presence_key: {"metas": channel.presence_metas}}
            channel.presence_metas, channel.presence_payload = [], None
            self._presence_diff(channel, {}, left)

    # -- postgres_changes ---------------------------------------------------------------------
    def _subscribers(self, schema: str, table: str, kind: str) -> Iterator[Subscriber]:
        for connection in list(self.connections):
            for channel in list(connection.channels.values()):
                wanted = [b for b in channel.bindings if b.wants(schema, table, kind)]
                if wanted and channel.postgres_ready:
                    yield channel, wanted
