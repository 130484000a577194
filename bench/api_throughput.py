"""API throughput: C clients each send messages to their own chat through the local API
Gateway emulator (HTTP, customer tokens) for a few seconds; messages stored per second at
1, 4 and 16 clients, beside the baseline measured in the same run: a bare INSERT loop into
chat_messages on one connection.

    PYTHONPATH=lib:. .venv/bin/python bench/api_throughput.py --seconds 5
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from bench.realtime_fanout import customer_token  # noqa: E402
from local.stack import LocalStack  # noqa: E402


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


def api_sends(stack: LocalStack, chats: list[tuple[str, str]], seconds: float) -> float:
    """Messages per second stored by len(chats) clients, each posting to its own chat."""
    counts = [0] * len(chats)
    stop = threading.Event()

    def client(n: int, chat_id: str, token: str) -> None:
        with requests.Session() as http:
            while not stop.is_set():
                response = http.post(
                    f"{stack.api_url}/chat-message",
                    json={"chat_id": chat_id, "content": "throughput", "client_msg_id": str(uuid.uuid4())},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=30,
                )
                if response.status_code == 201:
                    counts[n] += 1

    threads = [threading.Thread(target=client, args=(n, *chat)) for n, chat in enumerate(chats)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - started)


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

        api_sends(stack, own_chats(max(args.clients)), 2)  # every execution environment warm
        floor = bare_inserts(stack.database_url, floor_chat, args.seconds)
        print(f"API throughput, {args.seconds:.0f} s per run; bare INSERT loop {floor:8.0f} rows/s")
        figures: dict[str, float | int | str] = {"bare_insert_rows_per_s": round(floor)}
        for clients in args.clients:
            rate = api_sends(stack, own_chats(clients), args.seconds)
            print(f"  {clients:3} clients  {rate:8.0f} messages/s   ({rate / floor:.2f}x the bare INSERT loop)")
            figures |= {f"c{clients}_messages_per_s": round(rate), f"c{clients}_ratio": round(rate / floor, 3)}
        record("api_throughput", figures)


if __name__ == "__main__":
    main()
