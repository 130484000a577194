"""postgres_changes: the bindings a channel asks for, and the feed that turns each committed
change into one message per subscriber allowed to see it.

Follows supabase/realtime priv/repo/tenant_schema/realtime/functions/apply_rls.sql: per
subscriber role, a role without SELECT on the primary key gets `Error 401: Unauthorized`
for every change; otherwise a subscription whose filters match sees the change if RLS lets
its role and claims select the row by key (DELETEs pass without RLS), and the record holds
only the columns the role may select, with the values as written."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import zlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from local.database import ServicePool

log = logging.getLogger("local.realtime")

WAL_SQL = Path(__file__).with_name("wal.sql")
# supabase/realtime lib/extensions/postgres_cdc_rls/db_settings.ex: at most poll_max_changes
# changes per poll. replication_poller.ex: after a poll that delivered to a subscriber, poll
# again at once; after one that read only changes nobody subscribed to, after poll_interval_ms
# + 50..100 ms; after an empty one, after poll_interval_ms x @idle_multiplier.
POLL_MAX_CHANGES = 100
POLL_JITTER_SECONDS = (0.05, 0.1)
IDLE_MULTIPLIER = 5
# Drains what the slot holds, oldest first (the one poller is the only reader).
TAKE_CHANGES = """
with taken as (
  delete from local_realtime.wal
  where id in (select id from local_realtime.wal order by id limit %s)
  returning id, change
)
select change from taken order by id
"""
FILTER_OPERATORS = {"eq", "neq", "lt", "lte", "gt", "gte", "in"}
UNAUTHORIZED = ["Error 401: Unauthorized"]


class InvalidFilter(ValueError):
    pass


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _ordered(value: Any) -> Any:
    try:
        return Decimal(_text(value))
    except InvalidOperation:
        return _text(value)


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
                raise InvalidFilter(f"invalid filter {row_filter!r}")
        # As Supabase does: identical parameters get the same id (phash2 there).
        identity = json.dumps([event, schema, table, row_filter]).encode()
        return cls(zlib.crc32(identity), event, schema, table, row_filter)

    def reply(self) -> dict[str, Any]:
        reply = {"id": self.id, "event": self.event, "schema": self.schema, "table": self.table}
        return {**reply, "filter": self.filter} if self.filter else reply

    def wants(self, schema: str, table: str, change: str) -> bool:
        return self.schema in ("*", schema) and self.table in (None, "*", table) and self.event in ("*", change)

    def matches(self, row: dict[str, Any]) -> bool:
        """realtime.is_visible_through_filters: a filter on a column the row lacks fails."""
        if not self.filter:
            return True
        column, _, condition = self.filter.partition("=")
        operator, _, expected = condition.partition(".")
        if column not in row:
            return False
        actual = row[column]
        if operator == "in":
            return _text(actual) in [v.strip().strip('"') for v in expected.strip("()").split(",")]
        if operator in ("eq", "neq"):
            return (_text(actual) == expected) == (operator == "eq")
        left, right = _ordered(actual), _ordered(expected)
        return bool({"lt": left < right, "lte": left <= right, "gt": left > right, "gte": left >= right}[operator])


@dataclass(frozen=True)
class Table:
    columns: list[tuple[str, str, bool]]  # name, type name, is primary key
    rls_enabled: bool
    row_exists: str  # walrus_rls_stmt: does the subscriber see the row with the key in $1?


# (a channel, its bindings that want the change)
Subscriber = tuple[Any, list[Binding]]


class ChangeFeed:
    """Polls the captured changes as Realtime polls its replication slot and fans them out.
    Survives a database restart: it reconnects by itself, and (like Realtime's temporary
    replication slot) what was written while it was away is not replayed; `on_reconnected`
    lets channels announce a fresh subscription so clients backfill. `poll_interval` is read
    before every wait (Realtime's poll_interval_ms, in seconds)."""

    def __init__(
        self,
        pool: ServicePool,
        database_url: str,
        subscribers: Callable[[str, str, str], Iterable[Subscriber]],
        on_reconnected: Callable[[], Awaitable[None]],
        poll_interval: Callable[[], float],
    ) -> None:
        self.pool, self.database_url = pool, database_url
        self._subscribers, self._on_reconnected = subscribers, on_reconnected
        self._poll_interval = poll_interval
        self._tables: dict[tuple[str, str], Table] = {}
        self._task: asyncio.Task[None] | None = None
        self.polling = asyncio.Event()

    async def start(self) -> None:
        async with await psycopg.AsyncConnection.connect(self.database_url, autocommit=True) as conn:
            await conn.execute(WAL_SQL.read_text())
        self._task = asyncio.create_task(self._poll_forever())
        await self.polling.wait()

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()

    async def _poll_forever(self) -> None:
        first, delay = True, 0.2
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.database_url, autocommit=True) as conn:
                    await conn.execute("truncate local_realtime.wal")  # a new slot starts from now
                    self._tables.clear()
                    self.polling.set()
                    delay = 0.2
                    if not first:
                        log.info("Realtime reconnected to the database")
                        await self._on_reconnected()
                    first = False
                    while True:
                        changes = await (await conn.execute(TAKE_CHANGES, (POLL_MAX_CHANGES,))).fetchall()
                        delivered = [await self._process(change) for (change,) in changes]
                        await asyncio.sleep(self._next_poll_after(read=len(changes), delivered=any(delivered)))
            except psycopg.OperationalError as exc:
                self.polling.clear()
                log.warning("Realtime lost the database (%s); reconnecting", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 3.0)

    def _next_poll_after(self, *, read: int, delivered: bool) -> float:
        if delivered:
            return 0.0
        if read:
            return self._poll_interval() + random.uniform(*POLL_JITTER_SECONDS)  # noqa: S311 -- timing, not crypto
        return self._poll_interval() * IDLE_MULTIPLIER

    async def _process(self, change: dict[str, Any]) -> bool:
        """Whether the change reached a subscriber; one bad change must not stop the feed."""
        try:
            return await self.dispatch(change)
        except Exception:
            log.exception("dispatching a change failed")
            return False

    async def _table(self, schema: str, table: str) -> Table:
        if (schema, table) not in self._tables:
            async with self.pool.connection() as conn:
                rows = await (
                    await conn.execute(
                        """
                    select a.attname, t.typname, coalesce(a.attnum = any(i.indkey), false),
                           format_type(a.atttypid, null),
                           c.relrowsecurity
                    from pg_class c
                    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                    join pg_type t on t.oid = a.atttypid
                    left join pg_index i on i.indrelid = c.oid and i.indisprimary
                    where c.oid = format('%%I.%%I', %s::text, %s::text)::regclass
                    order by a.attnum
                    """,
                        (schema, table),
                    )
                ).fetchall()
                where = sql.SQL(" and ").join(
                    sql.SQL("t.{} = ($1 ->> {})::{}").format(sql.Identifier(n), sql.Literal(n), sql.SQL(ty))
                    for n, _, is_key, ty, _ in rows
                    if is_key
                )
                exists = sql.SQL("select exists (select 1 from {} t where {})").format(
                    sql.Identifier(schema, table), where
                )
                row_exists = exists.as_string(conn)
            self._tables[(schema, table)] = Table([(n, t, k) for n, t, k, _, _ in rows], bool(rows[0][4]), row_exists)
        return self._tables[(schema, table)]

    async def _apply_rls(
        self, change: dict[str, Any], table: Table, key: dict[str, Any], roles: list[str], claims: list[dict[str, Any]]
    ) -> tuple[dict[str, set[str]], list[bool]]:
        """Each role's selectable columns, and whether each claims' subscriber sees the row: one
        round trip (local_realtime.apply_rls)."""
        async with self.pool.connection() as conn, conn.transaction():
            row = await (
                await conn.execute(
                    "select local_realtime.apply_rls(format('%%I.%%I', %s::text, %s::text)::regclass,"
                    " %s, %s::jsonb, %s::text[], %s::jsonb[])",
                    (
                        change["schema"],
                        change["table"],
                        table.row_exists,
                        json.dumps(key),
                        roles,
                        [json.dumps(c) for c in claims],
                    ),
                )
            ).fetchone()
        answer = row[0] if row else {"selectable": {}, "visible": []}
        return {role: set(columns) for role, columns in answer["selectable"].items()}, answer["visible"]

    async def dispatch(self, change: dict[str, Any]) -> bool:
        """Pushes the change to every subscriber that may see it; whether any did."""
        schema, table_name, kind = change["schema"], change["table"], change["type"]
        subscribers = list(self._subscribers(schema, table_name, kind))
        if not subscribers:
            return False
        table = await self._table(schema, table_name)
        keys = [name for name, _, is_key in table.columns if is_key]
        record, old_record = change["record"] or {}, change["old_record"] or {}
        key = {k: (record or old_record).get(k) for k in keys}
        # Each subscriber's bindings that this row passes (filters first, as apply_rls does).
        wanted = [
            (channel, matching)
            for channel, bindings in subscribers
            if (matching := [b.id for b in bindings if b.matches(old_record if kind == "DELETE" else record)])
        ]
        checked = [channel.claims for channel, _ in wanted] if table.rls_enabled and kind != "DELETE" else []
        roles = sorted({channel.role for channel, _ in subscribers})
        selectable, visible = await self._apply_rls(change, table, key, roles, checked)
        sees = dict(zip((id(channel) for channel, _ in wanted), visible, strict=False)) if checked else {}
        delivered = False
        for role in roles:
            members = [(channel, bindings) for channel, bindings in subscribers if channel.role == role]
            if kind != "DELETE" and not set(keys) <= selectable[role]:
                data = self._payload(change, columns=[], record={}, old_record={}, errors=UNAUTHORIZED)
                data["commit_timestamp"] = None
                encoded = json.dumps(data, default=str)
                for channel, bindings in members:
                    channel.push_change([b.id for b in bindings], encoded)
                delivered = delivered or bool(members)
                continue
            data = self._payload(
                change,
                columns=[{"name": n, "type": t} for n, t, _ in table.columns if n in selectable[role]],
                record={k: v for k, v in record.items() if k in selectable[role]},
                old_record={k: v for k, v in old_record.items() if k in selectable[role]},
                errors=None,
            )
            encoded = json.dumps(data, default=str)  # once per change and role, not per subscriber
            for channel, matching in wanted:
                if channel.role == role and (not checked or sees[id(channel)]):
                    channel.push_change(matching, encoded)
                    delivered = True
        return delivered

    @staticmethod
    def _payload(
        change: dict[str, Any],
        *,
        columns: list[dict[str, str]],
        record: dict[str, Any],
        old_record: dict[str, Any],
        errors: list[str] | None,
    ) -> dict[str, Any]:
        """The shapes of Realtime.Adapters.Changes (NewRecord, UpdatedRecord, DeletedRecord)."""
        kind = change["type"]
        data: dict[str, Any] = {
            "columns": columns,
            "commit_timestamp": change["commit_timestamp"],
            "errors": errors,
            "schema": change["schema"],
            "table": change["table"],
            "type": kind,
        }
        if kind in ("INSERT", "UPDATE"):
            data["record"] = record
        if kind in ("UPDATE", "DELETE"):
            data["old_record"] = old_record
        return data
