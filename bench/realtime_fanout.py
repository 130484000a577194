"""Realtime fan-out: N subscribers of one chat's private channel (postgres_changes on its
messages) get each new message; p50 and p99 of insert -> frame received, with N distinct
customer tokens (RLS checked per subscriber, as Supabase does) beside the baseline measured
in the same run: the same N subscribers sharing one token.

Realtime reads changes by polling its replication slot, up to 500 ms after an idle spell
(local/realtime/changes.py, as on Supabase). These two series poll every millisecond, so they
time the fan-out itself; a third, distinct tokens at Supabase's poll cadence, is what a user
waits. Each also prints the spread: from the change's first frame to each subscriber's frame.

    PYTHONPATH=lib:. .venv/bin/python bench/realtime_fanout.py --subscribers 100 500 1000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

import aiohttp
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from chat_core.auth import mint_customer_token  # noqa: E402

from bench.harness import record, running_stack  # noqa: E402
from local.realtime import RealtimeSettings  # noqa: E402
from local.stack import LocalStack  # noqa: E402

CHANGES = 5  # messages per run; every subscriber's delivery of each is one sample
FAN_OUT_ONLY_POLL_INTERVAL = 0.001  # seconds: the feed idles 5 ms, so a change waits for no poll
SUPABASE_POLL_INTERVAL = RealtimeSettings().poll_interval


def customer_token(chat_id: str) -> str:
    """A customer token for `chat_id`, minted as the API mints it (a subject and a link of its
    own); the stack's settings must be in the environment (LocalStack.function_settings)."""
    token, _ = mint_customer_token(uuid.UUID(chat_id), uuid.uuid4(), secrets.token_hex(8))
    return token


async def subscriber(
    session: aiohttp.ClientSession, url: str, chat_id: str, token: str, ready: asyncio.Event, arrivals: list[float]
) -> aiohttp.ClientWebSocketResponse:
    ws = await session.ws_connect(url, max_msg_size=0)
    topic = f"realtime:chat:{chat_id}"
    config = {
        "broadcast": {"self": False, "ack": False},
        "presence": {"key": "", "enabled": False},
        "postgres_changes": [
            {"event": "INSERT", "schema": "public", "table": "chat_messages", "filter": f"chat_id=eq.{chat_id}"}
        ],
        "private": True,
    }
    await ws.send_str(json.dumps(["1", "1", topic, "phx_join", {"config": config, "access_token": token}]))

    async def read() -> None:
        async for frame in ws:
            _, _, _, event, payload = json.loads(frame.data)
            if event == "system" and payload.get("extension") == "postgres_changes" and payload["status"] == "ok":
                ready.set()
            elif event == "postgres_changes":
                arrivals.append(time.perf_counter())

    asyncio.get_running_loop().create_task(read())
    return ws


async def run(stack: LocalStack, chat_id: str, count: int, distinct: bool) -> tuple[list[float], list[float]]:
    """Each frame's milliseconds after its insert, and after the change's first frame."""
    url = f"ws://localhost:{stack.ports.gateway}/realtime/v1/websocket?apikey={stack.keys.publishable}&vsn=2.0.0"
    shared = customer_token(chat_id)
    arrivals: list[list[float]] = [[] for _ in range(count)]
    readies = [asyncio.Event() for _ in range(count)]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        sockets = []
        for n in range(count):
            token = customer_token(chat_id) if distinct else shared
            sockets.append(await subscriber(session, url, chat_id, token, readies[n], arrivals[n]))
        await asyncio.wait_for(asyncio.gather(*(ready.wait() for ready in readies)), timeout=120)
        latencies: list[float] = []
        spreads: list[float] = []
        with psycopg.connect(stack.database_url, autocommit=True) as conn:
            for change in range(CHANGES):
                started = time.perf_counter()
                conn.execute(
                    "select public.chat_send_message(%s, 'customer', 'bench', %s, null)",
                    (chat_id, f"fan-out {change}"),
                )
                deadline = time.perf_counter() + 30
                while any(len(a) <= change for a in arrivals) and time.perf_counter() < deadline:
                    await asyncio.sleep(0.005)
                frames = [a[change] for a in arrivals if len(a) > change]
                first = min(frames, default=started)
                latencies += [(frame - started) * 1000 for frame in frames]
                spreads += [(frame - first) * 1000 for frame in frames]
        for ws in sockets:
            await ws.close()
    return latencies, spreads


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, nargs="+", default=[100, 500, 1000])
    args = parser.parse_args()

    # At Supabase's default limits a project refuses its 201st user and drops changes over 100
    # deliveries a second (local/realtime/limits.py); this measures the fan-out itself, so it
    # lifts them as a project's own Realtime settings can.
    lifted = RealtimeSettings(
        postgres_changes_ready_after=(0.2, 0.4),
        private_only=True,
        max_concurrent_users=1_000_000,
        max_joins_per_second=1_000_000,
        max_events_per_second=1_000_000,
    )
    with running_stack(lifted) as stack:
        with psycopg.connect(stack.database_url, autocommit=True) as conn:
            conn.execute("update chat_private.send_rate_limit set max_messages = 1000000")
            row = conn.execute("insert into public.chat_sessions (customer_name) values ('Fan-out') returning id")
            chat_id = str(row.fetchone()[0])
        print(f"realtime fan-out, {CHANGES} changes to N subscribers of one private channel:")
        figures: dict[str, float | int | str] = {"changes": CHANGES}
        for count in args.subscribers:
            stack.realtime_settings.poll_interval = FAN_OUT_ONLY_POLL_INTERVAL
            shared, shared_spread = asyncio.run(run(stack, chat_id, count, distinct=False))
            distinct, distinct_spread = asyncio.run(run(stack, chat_id, count, distinct=True))
            stack.realtime_settings.poll_interval = SUPABASE_POLL_INTERVAL
            polled, polled_spread = asyncio.run(run(stack, chat_id, count, distinct=True))
            for label, values, spread in (
                ("one shared token", shared, shared_spread),
                ("distinct tokens", distinct, distinct_spread),
                ("distinct, polled", polled, polled_spread),
            ):
                print(
                    f"  N={count:5}  {label:17} delivered {len(values):6}/{count * CHANGES:<6}"
                    f"  p50 {statistics.median(values):7.1f} ms  p99 {percentile(values, 0.99):7.1f} ms"
                    f"  spread p99 {percentile(spread, 0.99):7.1f} ms"
                )
            p50 = statistics.median(distinct) / statistics.median(shared)
            p99 = percentile(distinct, 0.99) / percentile(shared, 0.99)
            print(f"  N={count:5}  distinct/shared   p50 {p50:.2f}x  p99 {p99:.2f}x")
            figures |= {
                f"n{count}_shared_p50_ms": round(statistics.median(shared), 1),
                f"n{count}_shared_p99_ms": round(percentile(shared, 0.99), 1),
                f"n{count}_distinct_p50_ms": round(statistics.median(distinct), 1),
                f"n{count}_distinct_p99_ms": round(percentile(distinct, 0.99), 1),
                f"n{count}_shared_spread_p99_ms": round(percentile(shared_spread, 0.99), 1),
                f"n{count}_distinct_spread_p99_ms": round(percentile(distinct_spread, 0.99), 1),
                f"n{count}_distinct_supabase_poll_p50_ms": round(statistics.median(polled), 1),
                f"n{count}_distinct_supabase_poll_p99_ms": round(percentile(polled, 0.99), 1),
                f"n{count}_distinct_over_shared_p99": round(p99, 2),
            }
        record("realtime_fanout", figures)


if __name__ == "__main__":
    main()
