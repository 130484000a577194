"""Supabase Realtime's subset for the local gateway: the Phoenix channel protocol as the
pinned realtime-js speaks it (vsn 2.0.0: JSON array frames, binary broadcast pushes),
heartbeats, join/leave, access_token updates, postgres_changes with RLS applied per
subscriber, broadcast and presence.

Row changes arrive by NOTIFY from triggers only the local stack installs (realtime.sql);
each subscriber's copy of a row is read as that subscriber (its role, its claims), so a row
RLS hides from it is never sent, whatever filter it asked for.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import jwt
import psycopg
from aiohttp import WSMsgType, web
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

log = logging.getLogger("local.realtime")

TRIGGERS_SQL = Path(__file__).with_name("realtime.sql")
NOTIFY_CHANNEL = "local_realtime"
FILTER_OPERATORS = {"eq", "neq", "lt", "lte", "gt", "gte", "in"}
USER_BROADCAST_PUSH = 3  # realtime-js binary frame kind for a client's broadcast


class JoinRefused(Exception):
    """A join the server answers with an error reply."""


@dataclass(frozen=True)
class Binding:
    id: int
    event: str
    schema: str
    table: str | None
    filter: str | None

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Binding:
        event, schema = str(config.get("event", "*")), str(config.get("schema", "public"))
        table, row_filter = config.get("table"), config.get("filter")
        if row_filter:
            column, _, condition = str(row_filter).partition("=")
            operator, _, _ = condition.partition(".")
            if not column or operator not in FILTER_OPERATORS:
                raise JoinRefused(f"invalid filter {row_filter!r}")
        # As Supabase does: identical filters get the same id.
        identity = json.dumps([event, schema, table, row_filter]).encode()
        return cls(zlib.crc32(identity), event, schema, table, row_filter)

    def reply(self) -> dict[str, Any]:
        reply = {"id": self.id, "event": self.event, "schema": self.schema, "table": self.table}
        return {**reply, "filter": self.filter} if self.filter else reply

    def wants(self, schema: str, table: str, change: str) -> bool:
        return (self.schema in ("*", schema) and self.table in (None, "*", table)
                and self.event in ("*", change))

    def matches(self, row: dict[str, Any]) -> bool:
        if not self.filter:
            return True
        column, _, condition = self.filter.partition("=")
        operator, _, expected = condition.partition(".")
        actual = row.get(column)
        if operator == "in":
            return _text(actual) in [v.strip().strip('"') for v in expected.strip("()").split(",")]
        if operator in ("eq", "neq"):
            return (_text(actual) == expected) == (operator == "eq")
        left, right = _ordered(actual), _ordered(expected)
        return {"lt": left < right, "lte": left <= right, "gt": left > right, "gte": left >= right}[operator]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _ordered(value: Any) -> Any:
    try:
        return Decimal(_text(value))
    except InvalidOperation:
        return _text(value)


@dataclass
class Channel:
    topic: str
    join_ref: str | None
    claims: dict[str, Any]
    bindings: list[Binding]
    broadcast_self: bool
    broadcast_ack: bool
    presence_key: str
    presence_metas: list[dict[str, Any]] = field(default_factory=list)

    @property
    def role(self) -> str:
        return str(self.claims.get("role", "anon"))

    def expired(self) -> bool:
        return "exp" in self.claims and self.claims["exp"] <= time.time()


class Connection:
    def __init__(self, ws: web.WebSocketResponse, api_key: str) -> None:
        self.ws, self.api_key = ws, api_key
        self.channels: dict[str, Channel] = {}
        self._send_lock = asyncio.Lock()

    async def send(self, join_ref: str | None, ref: str | None, topic: str, event: str, payload: Any) -> None:
        async with self._send_lock:
            if not self.ws.closed:
                await self.ws.send_str(json.dumps([join_ref, ref, topic, event, payload], default=str))

    async def reply(self, join_ref: str | None, ref: str | None, topic: str, status: str, response: Any) -> None:
        await self.send(join_ref, ref, topic, "phx_reply", {"status": status, "response": response})


@dataclass(frozen=True)
class TableShape:
    columns: list[dict[str, str]]
    select_by_key: sql.Composed


class RealtimeServer:
    def __init__(self, pool: AsyncConnectionPool, database_url: str, key_role: Any, claims_of: Any) -> None:
        self.pool, self.database_url = pool, database_url
        self._key_role, self._claims_of = key_role, claims_of
        self.connections: set[Connection] = set()
        self._shapes: dict[tuple[str, str], TableShape] = {}
        self._listener: asyncio.Task | None = None

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/realtime/v1/websocket", self.websocket)
        app.on_startup.append(self._start)
        app.on_cleanup.append(self._stop)

    async def _start(self, _: web.Application) -> None:
        async with await psycopg.AsyncConnection.connect(self.database_url, autocommit=True) as conn:
            await conn.execute(TRIGGERS_SQL.read_text())
        listening = asyncio.Event()
        self._listener = asyncio.create_task(self._listen(listening))
        await listening.wait()

    async def _stop(self, _: web.Application) -> None:
        if self._listener:
            self._listener.cancel()
        await self.drop_connections()

    async def drop_connections(self) -> None:
        """Close every client socket, as a network failure would (clients reconnect)."""
        for connection in list(self.connections):
            await connection.ws.close(code=1011, message=b"server dropped the connection")

    # -- the socket -------------------------------------------------------------------------
    async def websocket(self, request: web.Request) -> web.StreamResponse:
        api_key = request.query.get("apikey") or request.headers.get("apikey")
        if self._key_role(api_key) is None:
            return web.json_response({"message": "Invalid API key"}, status=401)
        ws = web.WebSocketResponse(protocols=("phoenix",), heartbeat=None, max_msg_size=1024 * 1024)
        await ws.prepare(request)
        connection = Connection(ws, api_key)
        self.connections.add(connection)
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    await self._on_frame(connection, *json.loads(message.data))
                elif message.type == WSMsgType.BINARY:
                    await self._on_binary(connection, message.data)
        finally:
            self.connections.discard(connection)
            for channel in list(connection.channels.values()):
                await self._untrack(connection, channel)
        return ws

    async def _on_binary(self, connection: Connection, data: bytes) -> None:
        if not data or data[0] != USER_BROADCAST_PUSH:
            return
        join_len, ref_len, topic_len, event_len, meta_len, encoding = data[1:7]
        offset, parts = 7, []
        for length in (join_len, ref_len, topic_len, event_len, meta_len):
            parts.append(data[offset:offset + length].decode())
            offset += length
        join_ref, ref, topic, user_event, meta = parts
        body = data[offset:]
        payload = json.loads(body) if encoding == 1 else list(body)
        message = {"type": "broadcast", "event": user_event, "payload": payload, **(json.loads(meta) if meta else {})}
        await self._on_frame(connection, join_ref or None, ref or None, topic, "broadcast", message)

    async def _on_frame(self, connection: Connection, join_ref: str | None, ref: str | None, topic: str,
                        event: str, payload: Any) -> None:
        if topic == "phoenix" and event == "heartbeat":
            await connection.reply(None, ref, "phoenix", "ok", {})
        elif event == "phx_join":
            await self._join(connection, join_ref, ref, topic, payload or {})
        elif topic not in connection.channels:
            await connection.reply(join_ref, ref, topic, "error", {"reason": "unmatched topic"})
        elif event == "phx_leave":
            await self._leave(connection, connection.channels[topic], ref)
        elif event == "access_token":
            await self._update_token(connection, connection.channels[topic], ref, payload or {})
        elif event == "broadcast":
            await self._broadcast(connection, connection.channels[topic], ref, payload or {})
        elif event == "presence":
            await self._presence(connection, connection.channels[topic], ref, payload or {})

    def _claims(self, connection: Connection, token: str | None) -> dict[str, Any]:
        try:
            return self._claims_of(token, connection.api_key)
        except jwt.PyJWTError as exc:
            raise JoinRefused(f"InvalidJWTToken: {exc}") from exc

    async def _join(self, connection: Connection, join_ref: str | None, ref: str | None, topic: str,
                    payload: dict[str, Any]) -> None:
        config = payload.get("config") or {}
        try:
            claims = self._claims(connection, payload.get("access_token"))
            bindings = [Binding.from_config(c) for c in config.get("postgres_changes") or []]
        except JoinRefused as exc:
            await connection.reply(join_ref, ref, topic, "error", {"reason": str(exc)})
            return
        if topic in connection.channels:  # a re-join replaces the old channel
            await self._untrack(connection, connection.channels.pop(topic))
        broadcast, presence = config.get("broadcast") or {}, config.get("presence") or {}
        channel = Channel(topic, join_ref, claims, bindings, bool(broadcast.get("self")), bool(broadcast.get("ack")),
                          presence.get("key") or str(uuid.uuid4()))
        connection.channels[topic] = channel
        await connection.reply(join_ref, ref, topic, "ok", {"postgres_changes": [b.reply() for b in bindings]})
        if bindings:
            await connection.send(join_ref, None, topic, "system", {
                "status": "ok", "message": "Subscribed to PostgreSQL", "extension": "postgres_changes",
                "channel": topic.removeprefix("realtime:"),
            })
        if presence.get("enabled"):
            await connection.send(join_ref, None, topic, "presence_state", self._presence_state(topic))

    async def _leave(self, connection: Connection, channel: Channel, ref: str | None) -> None:
        await connection.reply(channel.join_ref, ref, channel.topic, "ok", {})
        del connection.channels[channel.topic]
        await self._untrack(connection, channel)
        await connection.send(channel.join_ref, None, channel.topic, "phx_close", {})

    async def _update_token(self, connection: Connection, channel: Channel, ref: str | None,
                            payload: dict[str, Any]) -> None:
        try:
            channel.claims = self._claims(connection, payload.get("access_token"))
        except JoinRefused as exc:
            await self._close_channel(connection, channel, str(exc))
            return
        await connection.reply(channel.join_ref, ref, channel.topic, "ok", {})

    async def _close_channel(self, connection: Connection, channel: Channel, reason: str) -> None:
        """As Supabase does for an expired or invalid token: a system error, then close."""
        connection.channels.pop(channel.topic, None)
        await self._untrack(connection, channel)
        await connection.send(channel.join_ref, None, channel.topic, "system",
                              {"status": "error", "message": reason, "extension": "system", "channel": channel.topic})
        await connection.send(channel.join_ref, None, channel.topic, "phx_close", {})

    def _members(self, topic: str) -> list[tuple[Connection, Channel]]:
        return [(c, c.channels[topic]) for c in list(self.connections) if topic in c.channels]

    # -- broadcast and presence ---------------------------------------------------------------
    async def _broadcast(self, sender: Connection, channel: Channel, ref: str | None, payload: dict[str, Any]) -> None:
        message = {"type": "broadcast", "event": payload.get("event"), "payload": payload.get("payload")}
        for connection, member in self._members(channel.topic):
            if connection is not sender or channel.broadcast_self:
                await connection.send(member.join_ref, None, channel.topic, "broadcast", message)
        if channel.broadcast_ack and ref:
            await sender.reply(channel.join_ref, ref, channel.topic, "ok", {})

    def _presence_state(self, topic: str) -> dict[str, Any]:
        state: dict[str, Any] = {}
        for _, member in self._members(topic):
            if member.presence_metas:
                state.setdefault(member.presence_key, {"metas": []})["metas"].extend(member.presence_metas)
        return state

    async def _presence_diff(self, topic: str, joins: dict[str, Any], leaves: dict[str, Any]) -> None:
        for connection, member in self._members(topic):
            await connection.send(member.join_ref, None, topic, "presence_diff", {"joins": joins, "leaves": leaves})

    async def _presence(self, connection: Connection, channel: Channel, ref: str | None, payload: dict[str, Any]) -> None:
        if payload.get("event") == "track":
            left = {channel.presence_key: {"metas": channel.presence_metas}} if channel.presence_metas else {}
            channel.presence_metas = [{"phx_ref": uuid.uuid4().hex[:12], **(payload.get("payload") or {})}]
            await self._presence_diff(channel.topic, {channel.presence_key: {"metas": channel.presence_metas}}, left)
        elif payload.get("event") == "untrack":
            await self._untrack(connection, channel)
        await connection.reply(channel.join_ref, ref, channel.topic, "ok", {})

    async def _untrack(self, connection: Connection, channel: Channel) -> None:
        if channel.presence_metas:
            left = {channel.presence_key: {"metas": channel.presence_metas}}
            channel.presence_metas = []
            await self._presence_diff(channel.topic, {}, left)

    # -- postgres_changes -----------------------------------------------------------------------
    async def _listen(self, listening: asyncio.Event) -> None:
        async with await psycopg.AsyncConnection.connect(self.database_url, autocommit=True) as conn:
            await conn.execute(f"listen {NOTIFY_CHANNEL}")
            listening.set()
            async for notice in conn.notifies():
                try:
                    await self._dispatch(json.loads(notice.payload))
                except Exception:  # one bad change must not stop the feed
                    log.exception("dispatching a change failed")

    async def _shape(self, schema: str, table: str) -> TableShape:
        if (schema, table) not in self._shapes:
            async with self.pool.connection() as conn:
                rows = await (await conn.execute(
                    """
                    select a.attname, t.typname, coalesce(a.attnum = any(i.indkey), false), format_type(a.atttypid, null)
                    from pg_attribute a
                    join pg_type t on t.oid = a.atttypid
                    left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
                    where a.attrelid = format('%%I.%%I', %s::text, %s::text)::regclass and a.attnum > 0 and not a.attisdropped
                    order by a.attnum
                    """,
                    (schema, table),
                )).fetchall()
            keys = [(name, full_type) for name, _, is_key, full_type in rows if is_key]
            where = sql.SQL(" and ").join(
                sql.SQL("t.{} = (%(pk)s::jsonb ->> {})::{}").format(sql.Identifier(n), sql.Literal(n), sql.SQL(ty))
                for n, ty in keys
            )
            select = sql.SQL("select to_jsonb(t) from {} t where {}").format(sql.Identifier(schema, table), where)
            self._shapes[(schema, table)] = TableShape([{"name": n, "type": t} for n, t, _, _ in rows], select)
        return self._shapes[(schema, table)]

    async def _row_as(self, shape: TableShape, claims: dict[str, Any], key: dict[str, Any]) -> dict[str, Any] | None:
        """The row as this subscriber may see it: None where RLS (or a grant) hides it."""
        async with self.pool.connection() as conn, conn.transaction():
            await conn.execute("select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
                               (str(claims.get("role", "anon")), json.dumps(claims)))
            try:
                row = await (await conn.execute(shape.select_by_key, {"pk": json.dumps(key)})).fetchone()
            except psycopg.errors.InsufficientPrivilege:
                return None
        return row[0] if row else None

    async def _dispatch(self, change: dict[str, Any]) -> None:
        schema, table, kind = change["schema"], change["table"], change["type"]
        shape = await self._shape(schema, table)
        seen_by: dict[str, dict[str, Any] | None] = {}  # one read per distinct set of claims
        for connection in list(self.connections):
            for channel in list(connection.channels.values()):
                wanted = [b for b in channel.bindings if b.wants(schema, table, kind)]
                if not wanted:
                    continue
                if channel.expired():
                    await self._close_channel(connection, channel, "Token has expired")
                    continue
                data: dict[str, Any] = {"schema": schema, "table": table, "commit_timestamp": change["commit_timestamp"],
                                        "type": kind, "columns": shape.columns, "errors": None}
                if kind == "DELETE":
                    # As Supabase: the old record's primary key, no RLS, no filters.
                    ids, data["old_record"] = [b.id for b in wanted if not b.filter], change["pk"]
                else:
                    identity = json.dumps(channel.claims, sort_keys=True)
                    if identity not in seen_by:
                        seen_by[identity] = await self._row_as(shape, channel.claims, change["pk"])
                    row = seen_by[identity]
                    if row is None:
                        continue
                    ids, data["record"] = [b.id for b in wanted if b.matches(row)], row
                    if kind == "UPDATE":
                        data["old_record"] = change["pk"]
                if ids:
                    await connection.send(channel.join_ref, None, channel.topic, "postgres_changes",
                                          {"ids": ids, "data": data})
