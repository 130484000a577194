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
import re
import zlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from local.database import ServicePool
from local.realtime.limits import RateCounter

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
# The operators the local Realtime matches (Realtime has more: like, ilike, is, match, imatch,
# isdistinct, not.; the local one refuses them rather than pretending to match them).
FILTER_OPERATORS = {"eq", "neq", "lt", "lte", "gt", "gte", "in"}
UNAUTHORIZED = ["Error 401: Unauthorized"]
ORDERINGS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


class SubscriptionRefused(ValueError):
    """Realtime's words for a subscription it will not make (a system message, not a refused join)."""


def _parse_filter(row_filter: str) -> tuple[str, str, str]:
    """subscriptions.ex parse_segment: (column, operator, value); `in`'s (a,b) becomes {a,b}."""
    column, separator, condition = row_filter.strip().partition("=")
    operator, dot, value = condition.partition(".")
    if not separator or not dot:
        raise SubscriptionRefused(f"Error parsing `filter` params: {json.dumps([column, condition])}")
    if operator not in FILTER_OPERATORS:
        raise SubscriptionRefused(f"Error parsing `filter` params: {json.dumps([operator, value])}")
    if operator == "in":
        if not (len(value) >= 2 and value[0] == "(" and value[-1] == ")"):
            raise SubscriptionRefused("Error parsing `filter` params: `in` filter value must be wrapped by parentheses")
        value = "{" + value[1:-1] + "}"
    elif len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return column, operator, value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Binding:
    id: int
    event: str
    schema: str
    table: str | None
    filter: str | None
    # Once subscribed: each published table the binding covers ("schema.table"), with the
    # filter's value typed for that table's column (as to_jsonb writes it).
    typed: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Binding:
        event, schema = str(config.get("event", "*")), str(config.get("schema", "public"))
        table, row_filter = config.get("table"), config.get("filter")
        # As Supabase does: identical parameters get the same id (phash2 there).
        identity = json.dumps([event, schema, table, row_filter]).encode()
        return cls(zlib.crc32(identity), event, schema, table, row_filter)

    def reply(self) -> dict[str, Any]:
        reply = {"id": self.id, "event": self.event, "schema": self.schema, "table": self.table}
        return {**reply, "filter": self.filter} if self.filter else reply

    @cached_property
    def condition(self) -> tuple[str, str, str] | None:
        """The filter as (column, operator, value), parsed once; SubscriptionRefused if malformed."""
        return _parse_filter(self.filter) if self.filter else None

    def described(self) -> str:
        """subscriptions.ex params_to_log."""
        filters = "[]"
        if self.condition:
            column, operator, value = self.condition
            filters = f'[{{"{column}", "{operator}", "{value}", false}}]'
        return (
            f"event: {self.event}, schema: {self.schema}, table: {self.table or '*'}, filters: {filters}, select: nil"
        )

    def wants(self, schema: str, table: str, change: str) -> bool:
        return f"{schema}.{table}" in self.typed and self.event in ("*", change)

    def matches(self, schema: str, table: str, row: dict[str, Any]) -> bool:
        """realtime.is_visible_through_filters: the row's value and the filter's, compared as
        the column's type (check_equality_op); a column the row lacks, or null, fails."""
        if not self.condition:
            return True
        column, operator, _ = self.condition
        actual, expected = row.get(column), self.typed.get(f"{schema}.{table}")
        if actual is None or expected is None:
            return False
        if operator == "in":
            return bool(actual in expected)
        if operator in ("eq", "neq"):
            return bool(actual == expected) == (operator == "eq")
        comparable = (_is_number(actual) and _is_number(expected)) or (
            isinstance(actual, str) and isinstance(expected, str)
        )
        return comparable and bool(ORDERINGS[operator](actual, expected))


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
        rate: RateCounter,
    ) -> None:
        self.pool, self.database_url = pool, database_url
        self._subscribers, self._on_reconnected = subscribers, on_reconnected
        self._poll_interval = poll_interval
        self._rate = rate
        self.dropped = 0  # changes read while over the rate and never delivered
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
                        delivered = await self._deliver([change for (change,) in changes])
                        await asyncio.sleep(self._next_poll_after(read=len(changes), delivered=delivered > 0))
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

    async def _deliver(self, changes: list[dict[str, Any]]) -> int:
        """How many subscriptions the changes reached. While the tenant is over its database
        events per second, what was read from the slot is dropped, silently for subscribers
        (replication_poller.ex handle_list_changes_result: a triggered limit skips the rows;
        every delivered change counts once per subscription it reached)."""
        if self._rate.is_triggered():
            self.dropped += len(changes)
            if changes:
                log.warning("MessagePerSecondRateLimitReached: dropped %d postgres changes", len(changes))
            return 0
        delivered = 0
        for change in changes:
            try:
                reached = await self.dispatch(change)
            except Exception:  # one bad change must not stop the feed
                log.exception("dispatching a change failed")
                continue
            self._rate.add(reached)
            delivered += reached
        return delivered

    async def subscribe(self, bindings: list[Binding], role: str) -> list[Binding]:
        """Subscriptions.create: every binding made at once, each typed for the published tables
        it covers, or SubscriptionRefused with Realtime's words for the first that cannot be
        (an unpublished table, an unknown or unselectable column, a value of the wrong type)."""
        made = []
        async with self.pool.connection() as conn, conn.transaction():
            for binding in bindings:
                column, operator, value = binding.condition or (None, None, None)
                try:
                    cursor = await conn.execute(
                        "select local_realtime.subscribe(%s, %s, %s, %s, %s, %s)",
                        (binding.schema, binding.table or "*", role, column, operator, value),
                    )
                except psycopg.OperationalError:
                    raise
                except psycopg.Error as exc:
                    condition = re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()
                    raise SubscriptionRefused(
                        "Unable to subscribe to changes with given parameters. An exception happened so please"
                        f" check your connect parameters: [{binding.described()}]. Exception: ERROR"
                        f" {exc.sqlstate} ({condition}) {exc.diag.message_primary}"
                    ) from exc
                row = await cursor.fetchone()
                if not row or not row[0]:
                    raise SubscriptionRefused(
                        "Unable to subscribe to changes with given parameters. Please check Realtime is enabled"
                        f" for the given connect parameters: [{binding.described()}]"
                    )
                made.append(replace(binding, typed=row[0]))
        return made

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

    async def dispatch(self, change: dict[str, Any]) -> int:
        """Pushes the change to every subscriber that may see it; how many subscriptions (a
        channel's bindings) it reached."""
        schema, table_name, kind = change["schema"], change["table"], change["type"]
        subscribers = list(self._subscribers(schema, table_name, kind))
        if not subscribers:
            return 0
        table = await self._table(schema, table_name)
        keys = [name for name, _, is_key in table.columns if is_key]
        record, old_record = change["record"] or {}, change["old_record"] or {}
        key = {k: (record or old_record).get(k) for k in keys}
        row = old_record if kind == "DELETE" else record
        # Each subscriber's bindings that this row passes (filters first, as apply_rls does).
        wanted = [
            (channel, matching)
            for channel, bindings in subscribers
            if (matching := [b.id for b in bindings if b.matches(schema, table_name, row)])
        ]
        checked = [channel.claims for channel, _ in wanted] if table.rls_enabled and kind != "DELETE" else []
        roles = sorted({channel.role for channel, _ in subscribers})
        selectable, visible = await self._apply_rls(change, table, key, roles, checked)
        sees = dict(zip((id(channel) for channel, _ in wanted), visible, strict=False)) if checked else {}
        delivered = 0
        for role in roles:
            members = [(channel, bindings) for channel, bindings in subscribers if channel.role == role]
            if kind != "DELETE" and not set(keys) <= selectable[role]:
                data = self._payload(change, columns=[], record={}, old_record={}, errors=UNAUTHORIZED)
                data["commit_timestamp"] = None
                encoded = json.dumps(data, default=str)
                for channel, bindings in members:
                    channel.push_change([b.id for b in bindings], encoded)
                    delivered += len(bindings)
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
                    delivered += len(matching)
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
