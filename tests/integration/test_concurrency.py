"""Concurrent senders into one chat: the per-chat sequence has no gap and no duplicate."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

THREADS, SENDS_PER_THREAD = 20, 50


def test_concurrent_sends_get_gap_free_unique_seq(send, chat, stored_messages, send_rate_limit):
    # Given 20 senders of 50 messages each into one chat, with the rate limit out of the way
    send_rate_limit(100_000, 1)
    def sender(thread: int) -> list[int]:
        statuses = []
        for n in range(SENDS_PER_THREAD):
            statuses.append(send(chat["id"], f"t{thread} m{n}", sender="admin" if thread % 2 else "customer").status)
        return statuses

    # When they all send at once
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = [s for batch in pool.map(sender, range(THREADS)) for s in batch]

    # Then every send succeeded and seq is exactly 1..1000
    assert statuses == [201] * (THREADS * SENDS_PER_THREAD)
    rows = stored_messages(chat["id"])
    assert [r["seq"] for r in rows] == list(range(1, THREADS * SENDS_PER_THREAD + 1))


def test_racing_retries_of_one_client_msg_id_store_one_row(send, chat, stored_messages):
    # Given one message retried by eight racing requests
    client_msg_id = str(uuid.uuid4())

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: send(chat["id"], "once", client_msg_id=client_msg_id), range(8)))

    # Then one request created it, the others got the same message back
    assert sorted(r.status for r in responses) == [200] * 7 + [201]
    assert len({r.body["message"]["id"] for r in responses}) == 1
    assert len(stored_messages(chat["id"])) == 1
