"""Realtime Authorization for private channels: RLS policies on realtime.messages decide, as
the subscriber's role with its claims and realtime.topic() set, who may read (join, receive
broadcast and presence) and who may write (send broadcast, track presence).

Follows supabase/realtime lib/realtime/tenants/authorization.ex: reads insert one probe row
per extension, select them back as the subscriber and roll back; writes insert as the
subscriber, and insufficient_privilege means no."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg

from local.database import ServicePool

EXTENSIONS = ("broadcast", "presence")


@dataclass
class Policies:
    """None: not evaluated yet (authorization.ex leaves unchecked extensions nil)."""

    broadcast_read: bool | None = None
    presence_read: bool | None = None
    broadcast_write: bool | None = None
    presence_write: bool | None = None


async def _as_subscriber(conn: psycopg.AsyncConnection, topic: str, claims: dict[str, Any]) -> None:
    # set_conn_config in authorization.ex
    role = str(claims.get("role", "anon"))
    await conn.execute(
        "select set_config('role', %s, true), set_config('realtime.topic', %s, true),"
        " set_config('request.jwt.claims', %s, true), set_config('request.jwt.claim.sub', %s, true),"
        " set_config('request.jwt.claim.role', %s, true)",
        (role, topic, json.dumps(claims), str(claims.get("sub", "")), role),
    )


async def read_policies(
    pool: ServicePool, policies: Policies, topic: str, claims: dict[str, Any], presence: bool
) -> Policies:
    extensions = EXTENSIONS if presence else ("broadcast",)
    probes = {extension: uuid.uuid4() for extension in extensions}
    async with pool.connection() as conn:
        async with conn.transaction(force_rollback=True):
            for extension, probe in probes.items():
                await conn.execute(
                    "insert into realtime.messages (id, topic, extension) values (%s, %s, %s)",
                    (probe, topic, extension),
                )
            await _as_subscriber(conn, topic, claims)
            try:
                rows = await (
                    await conn.execute("select id from realtime.messages where id = any(%s)", (list(probes.values()),))
                ).fetchall()
            except psycopg.errors.InsufficientPrivilege:
                rows = []
    visible = {row[0] for row in rows}
    for extension, probe in probes.items():
        setattr(policies, f"{extension}_read", probe in visible)
    return policies


async def write_policies(pool: ServicePool, policies: Policies, topic: str, claims: dict[str, Any]) -> Policies:
    async with pool.connection() as conn:
        async with conn.transaction(force_rollback=True):
            await _as_subscriber(conn, topic, claims)
            for extension in EXTENSIONS:
                try:
                    async with conn.transaction():  # a savepoint per probe
                        await conn.execute(
                            "insert into realtime.messages (topic, extension) values (%s, %s)", (topic, extension)
                        )
                    allowed = True
                except psycopg.errors.InsufficientPrivilege:
                    allowed = False
                setattr(policies, f"{extension}_write", allowed)
    return policies
