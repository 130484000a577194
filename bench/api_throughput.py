"""API throughput: C clients each send messages to their own chat through the local API
Gateway emulator (HTTP, customer tokens) for a few seconds; messages stored per second at
1, 4 and 16 clients, beside the baseline measured in the same run: a bare INSERT loop into
chat_messages on one connection.

Between the two, the same clients call the SQL function the API calls (chat_send_message) on
connections of their own, without HTTP or Python handlers: the database's share of the path.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
import uuid
from collections.abc import Callable, Coroutine
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiohttp
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from bench.realtime_fanout import customer_token  # noqa: E402


def new_chat(conn: psycopg.Connection[tuple[object, ...]]) -> str:
    row = conn.execute("insert into public.chat_sessions (customer_name) values ('Throughput') returning id").fetchone()
    return str(row[0]) if row else ""


def bare_inserts(database_url: str, chat_id: str, seconds: float) -> float:
    """Rows per second one connection inserts, autocommit, no function, no trigger work skipped."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("set session_replication_role = replica")  # no triggers: the floor
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            done += 1
            conn.execute(
                "insert into public.chat_messages (chat_id, sender_type, sender_id, content, seq)"
                " values (%s, 'customer', 'bench', 'bare', %s)",
                (chat_id, done),
            )
        return done / (time.perf_counter() - started)


async def _send_for(api_url: str, chats: list[tuple[str, str]], seconds: float) -> int:
    """Each chat's client posts one message after another until `seconds` have passed."""
    stored = 0
    deadline = time.perf_counter() + seconds

    async def client(http: aiohttp.ClientSession, chat_id: str, token: str) -> None:
        nonlocal stored
        while time.perf_counter() < deadline:
            async with http.post(
                f"{api_url}/chat-message",
                json={"chat_id": chat_id, "content": "throughput", "client_msg_id": str(uuid.uuid4())},
                headers={"Authorization": f"Bearer {token}"},
            ) as response:
                await response.read()
                stored += response.status == 201

    connector = aiohttp.TCPConnector(limit=len(chats))
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as http:
        await asyncio.gather(*(client(http, *chat) for chat in chats))
    return stored


async def _call_for(database_url: str, chats: list[tuple[str, str]], seconds: float) -> int:
    """Each chat's client calls chat_send_message on its own connection until `seconds` have passed."""
    stored = 0
    deadline = time.perf_counter() + seconds

    async def client(chat_id: str) -> None:
        nonlocal stored
        async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
            while time.perf_counter() < deadline:
                await conn.execute(
                    "select public.chat_send_message(p_chat_id => %s, p_sender_type => 'customer',"
                    " p_sender_id => 'bench', p_content => 'throughput', p_client_msg_id => %s,"
                    " p_attachments => '[]')",
                    (chat_id, str(uuid.uuid4())),
                )
                stored += 1

    await asyncio.gather(*(client(chat_id) for chat_id, _ in chats))
    return stored


# Sends to each chat through a target (a URL) until the seconds have passed; how many were stored.
SendFor = Callable[[str, list[tuple[str, str]], float], Coroutine[Any, Any, int]]


def _load_generator(
    send_for: SendFor, target: str, chats: list[tuple[str, str]], seconds: float, out: Connection
) -> None:
    started = time.perf_counter()
    stored = asyncio.run(send_for(target, chats, seconds))
    out.send(stored / (time.perf_counter() - started))


def sends(send_for: SendFor, target: str, chats: list[tuple[str, str]], seconds: float) -> float:
    """Messages per second stored by len(chats) clients, each sending to its own chat by
    `send_for` through `target` (_send_for: the API's URL; _call_for: the database's, for the SQL
    function alone). The clients run in a process of their own, as callers are outside the
    stack: 16 client threads inside the stack's process would compete for its GIL with the
    servers they measure."""
    spawn = multiprocessing.get_context("spawn")
    receiver, sender = spawn.Pipe(duplex=False)
    generator = spawn.Process(target=_load_generator, args=(send_for, target, chats, seconds, sender))
    generator.start()
    rate: float = receiver.recv()
    generator.join()
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args()

    with running_stack() as stack:
        with psycopg.connect(stack.database_url, autocommit=True) as conn:
            conn.execute("update chat_private.send_rate_limit set max_messages = 1000000")
            conn.execute("update chat_private.rate_limits set max_events = 1000000")
            floor_chat = new_chat(conn)

        def own_chats(count: int) -> list[tuple[str, str]]:
            with psycopg.connect(stack.database_url, autocommit=True) as conn:
                ids = [new_chat(conn) for _ in range(count)]
            return [(chat_id, customer_token(chat_id)) for chat_id in ids]

        sends(_send_for, stack.api_url, own_chats(max(args.clients)), 2)  # every execution environment warm
        floor = bare_inserts(stack.database_url, floor_chat, args.seconds)
        print(f"API throughput, {args.seconds:.0f} s per run; bare INSERT loop {floor:8.0f} rows/s")
        figures: dict[str, float | int | str] = {"bare_insert_rows_per_s": round(floor)}
        for clients in args.clients:
            rate = sends(_send_for, stack.api_url, own_chats(clients), args.seconds)
            print(f"  {clients:3} clients  {rate:8.0f} messages/s   ({rate / floor:.2f}x the bare INSERT loop)")
            figures |= {f"c{clients}_messages_per_s": round(rate), f"c{clients}_ratio": round(rate / floor, 3)}
        clients = max(args.clients)
        rate = sends(_call_for, stack.database_url, own_chats(clients), args.seconds)
        print(
            f"  {clients:3} clients  {rate:8.0f} messages/s   ({rate / floor:.2f}x the bare INSERT loop)"
            "   calling chat_send_message directly (no HTTP, no handler)"
        )
        figures |= {
            f"c{clients}_sql_function_messages_per_s": round(rate),
            f"c{clients}_sql_function_ratio": round(rate / floor, 3),
        }
        record("api_throughput", figures)


if __name__ == "__main__":
    main()
