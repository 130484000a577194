"""Concurrent senders into one chat, each a separate process as Lambda containers are: the
per-chat sequence has no gap and no duplicate, and a retried message is stored once."""

from __future__ import annotations

import json
import multiprocessing
import uuid
from concurrent.futures import ProcessPoolExecutor

CONTAINERS, SENDS_PER_CONTAINER = 20, 50


def container(token: str, bodies: list[dict]) -> list[tuple[int, int]]:
    """One Lambda container: imports the handler, serves its requests one at a time."""
    from functions.chat_message.app import lambda_handler
    from local.lambda_runtime import invoke, v1_event

    results: list[tuple[int, int]] = []
    for body in bodies:
        event = v1_event(
            "POST",
            "/chat-message",
            body=json.dumps(body),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        result = invoke(lambda_handler, event)
        results.append((result["statusCode"], json.loads(result["body"]).get("message", {}).get("seq", 0)))
    return results


def containers(count: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))


def test_concurrent_sends_get_gap_free_unique_seq(chat, customer_token, admin_token, stored_messages, send_rate_limit):
    # Given 20 containers sending 50 messages each into one chat, the rate limit out of the way
    send_rate_limit(100_000, 1)
    tokens = [admin_token if n % 2 else customer_token(chat["id"]) for n in range(CONTAINERS)]
    work = [
        [{"chat_id": chat["id"], "content": f"c{n} m{i}"} for i in range(SENDS_PER_CONTAINER)]
        for n in range(CONTAINERS)
    ]

    # When they all send at once
    with containers(CONTAINERS) as pool:
        results = [r for batch in pool.map(container, tokens, work) for r in batch]

    # Then every send succeeded and seq is exactly 1..1000
    assert [status for status, _ in results] == [201] * (CONTAINERS * SENDS_PER_CONTAINER)
    rows = stored_messages(chat["id"])
    assert [r["seq"] for r in rows] == list(range(1, CONTAINERS * SENDS_PER_CONTAINER + 1))
    assert sorted(seq for _, seq in results) == [r["seq"] for r in rows]


def test_racing_retries_of_one_client_msg_id_store_one_row(chat, customer_token, stored_messages):
    # Given one message retried by eight racing containers
    body = {"chat_id": chat["id"], "content": "once", "client_msg_id": str(uuid.uuid4())}

    with containers(8) as pool:
        results = [r for batch in pool.map(container, [customer_token(chat["id"])] * 8, [[body]] * 8) for r in batch]

    # Then one created it, the others got the same message back
    assert sorted(status for status, _ in results) == [200] * 7 + [201]
    assert {seq for _, seq in results} == {1}
    assert len(stored_messages(chat["id"])) == 1
