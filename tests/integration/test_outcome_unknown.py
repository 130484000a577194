"""A write whose outcome the API cannot know says so (503 outcome_unknown, Retry-After), and a
retry with the same client_msg_id never stores the message twice."""

from __future__ import annotations

import threading
import time
import uuid

import pytest


@pytest.fixture
def slow_message_writes(db):
    """Messages whose content starts with "slow:" take 1.5 s to insert."""
    db.execute("""
        create function public.test_slow_message() returns trigger language plpgsql as $$
        begin perform pg_sleep(1.5); return new; end $$;
        create trigger test_slow_message before insert on public.chat_messages
          for each row when (new.content like 'slow:%%') execute function public.test_slow_message();
    """)
    yield
    db.execute("drop trigger test_slow_message on public.chat_messages; drop function public.test_slow_message()")


@pytest.fixture
def short_supabase_timeout(monkeypatch):
    """The API gives up waiting for Supabase after half a second."""
    from chat_core import supabase_client
    from chat_core.config import get_settings

    monkeypatch.setenv("SUPABASE_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    supabase_client._client = None
    yield
    monkeypatch.undo()
    get_settings.cache_clear()
    supabase_client._client = None


def test_a_send_that_times_out_is_outcome_unknown_and_its_retry_returns_the_stored_message(
    send, chat, slow_message_writes, short_supabase_timeout, stored_messages
):
    # Given a send the database commits only after the API stopped waiting
    client_msg_id = str(uuid.uuid4())
    first = send(chat["id"], "slow: did it arrive?", client_msg_id=client_msg_id)

    # Then the API says it cannot know, and when to retry
    assert first.status == 503 and first.error_code == "outcome_unknown"
    assert first.headers["Retry-After"] == "2"

    # When the client retries with the same id once the write has landed
    time.sleep(1.5)
    retried = send(chat["id"], "slow: did it arrive?", client_msg_id=client_msg_id)

    # Then it gets the stored message, and there is one row
    assert retried.status == 200 and retried.body["message"]["client_msg_id"] == client_msg_id
    assert [row["content"] for row in stored_messages(chat["id"])] == ["slow: did it arrive?"]


def test_a_send_whose_database_connection_drops_midway_is_outcome_unknown_and_its_retry_stores_it_once(
    send, chat, slow_message_writes, db, stored_messages
):
    # Given a send in progress whose database connection is cut before it commits
    client_msg_id = str(uuid.uuid4())

    def cut_the_connection() -> None:
        time.sleep(0.5)
        db.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity"
            " where query like '%%chat_send_message%%' and pid <> pg_backend_pid()"
        )

    cutter = threading.Thread(target=cut_the_connection)
    cutter.start()
    first = send(chat["id"], "slow: cut short", client_msg_id=client_msg_id)
    cutter.join()

    # Then the API cannot know whether it was stored, and says so
    assert first.status == 503 and first.error_code == "outcome_unknown"

    # When the client retries with the same id
    retried = send(chat["id"], "slow: cut short", client_msg_id=client_msg_id)

    # Then the message is stored exactly once
    assert retried.status in (200, 201)
    assert [row["client_msg_id"] for row in stored_messages(chat["id"])] == [uuid.UUID(client_msg_id)]
