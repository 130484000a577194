"""The local Realtime's limits and checks, as supabase/realtime applies them (each test fails
against the imitation before issue 26): a project's limits (lib/realtime_web/channels/
realtime_channel.ex, presence_handler.ex, replication_poller.ex), postgres_changes filters
checked and compared as typed values (subscriptions.ex; realtime.subscription_check_filters),
tokens verified again while a channel lives (confirm_token), presence without empty diffs."""

from __future__ import annotations

import time

import pytest

from tests.support.realtime import realtime_settings
from tools.keys import generate_signing_jwk


def _messages(filter_: str | None = None, table: str = "chat_messages", schema: str = "public") -> list[dict]:
    change = {"event": "INSERT", "schema": schema, "table": table}
    return [{**change, "filter": filter_}] if filter_ else [change]


def _system_error(client, timeout: float = 5.0) -> str:
    event = client.wait_for(lambda e: e["kind"] == "system" and e["payload"].get("status") == "error", timeout)
    return event["payload"]["message"]


def _joined(client, name: str, **arguments) -> dict:
    client.command("subscribe", name=name, **arguments)
    return client.wait_for(lambda e: e.get("channel") == name and e["kind"] == "status")


# -- postgres_changes filters ---------------------------------------------------------------------
def test_a_filter_on_a_column_the_table_lacks_is_refused_after_the_join(supabase_js, chat, customer_token):
    # Given a customer whose subscription filters on a column chat_messages does not have
    client = supabase_js(customer_token(chat["id"]))

    # When it joins its chat's channel
    joined = _joined(client, f"chat:{chat['id']}", changes=_messages("no_such_column=eq.1"))

    # Then the join is answered, but the subscription is refused in Realtime's words, never made
    assert joined["status"] == "SUBSCRIBED"
    message = _system_error(client)
    assert message.startswith("Unable to subscribe to changes with given parameters.")
    assert "invalid column for filter no_such_column" in message


def test_a_filter_value_that_is_not_of_the_columns_type_is_refused(supabase_js, chat, customer_token):
    client = supabase_js(customer_token(chat["id"]))

    _joined(client, f"chat:{chat['id']}", changes=_messages("chat_id=eq.not-a-uuid"))

    assert 'invalid input syntax for type uuid: "not-a-uuid"' in _system_error(client)


def test_a_table_outside_the_realtime_publication_is_refused(supabase_js, chat, customer_token):
    client = supabase_js(customer_token(chat["id"]))

    _joined(client, f"chat:{chat['id']}", changes=_messages(schema="chat_private", table="notifications"))

    assert "Please check Realtime is enabled for the given connect parameters" in _system_error(client)


def test_a_uuid_filter_matches_whatever_the_letter_case(supabase_js, chat, customer_token, send):
    # Given a customer subscribed with its chat id written in capitals
    client = supabase_js(customer_token(chat["id"]))
    client.subscribed(f"chat:{chat['id']}", changes=_messages(f"chat_id=eq.{chat['id'].upper()}"))

    # When support writes to the chat
    send(chat["id"], "compared as uuids", sender="admin")

    # Then the change arrives: Realtime compares the filter as the column's type, not as text
    change = client.wait_for(lambda e: e["kind"] == "postgres_changes")
    assert change["payload"]["new"]["content"] == "compared as uuids"


# -- presence -------------------------------------------------------------------------------------
def test_tracking_the_same_presence_again_tells_nobody(supabase_js, chat, customer_token, admin_token):
    # Given support watching a chat where the customer tracked itself online
    topic = f"chat:{chat['id']}"
    admin, customer = supabase_js(admin_token), supabase_js(customer_token(chat["id"]))
    admin.subscribed(topic, presenceKey="admin")
    customer.subscribed(topic, presenceKey="customer")
    customer.command("track", name=topic, payload={"status": "online"})
    admin.wait_for(lambda e: e["kind"] == "presence" and "customer" in e["state"])

    # When the customer tracks exactly the same payload again
    customer.command("track", name=topic, payload={"status": "online"})
    assert customer.wait_for(lambda e: e["kind"] == "tracked")["result"] == "ok"

    # Then no presence diff reaches support
    assert not [e for e in admin.drain(1.0) if e["kind"] == "presence"]


def test_a_channel_that_calls_presence_too_often_is_shut_down(supabase_js, chat, customer_token):
    # Given a customer on its chat (5 presence calls per 30 s window per channel)
    topic = f"chat:{chat['id']}"
    customer = supabase_js(customer_token(chat["id"]))
    customer.subscribed(topic, presenceKey="customer")

    # When it tracks a sixth time within the window
    for beat in range(6):
        customer.command("track", name=topic, payload={"beat": beat})

    # Then Realtime shuts the channel down
    assert _system_error(customer) == "Client presence rate limit exceeded"


# -- a project's limits ---------------------------------------------------------------------------
def test_a_client_with_too_many_channels_is_refused_one_more(supabase_js, chats, customer_token, realtime_limits):
    first, second = chats.create(), chats.create()
    client = supabase_js(customer_token(first["id"]))
    with realtime_limits(max_channels_per_client=1):
        # Given a socket that holds as many channels as the project allows
        assert _joined(client, f"chat:{first['id']}")["status"] == "SUBSCRIBED"

        # When it joins one more
        refused = _joined(client, f"chat:{second['id']}:typing")

    # Then that join is refused with Realtime's reason
    assert refused["status"] == "CHANNEL_ERROR"
    assert "ChannelRateLimitReached: Too many channels" in refused["error"]


def test_joins_over_the_projects_rate_are_refused(supabase_js, chat, customer_token, realtime_limits):
    client = supabase_js(customer_token(chat["id"]))
    with realtime_limits(max_joins_per_second=2, rate_counter_tick=1.0):
        # Given more joins in one tick than the project's joins per second allow
        for n in range(10):  # 10 joins: the average stays over 2 a second for 5 ticks
            _joined(client, f"chat:{chat['id']}:burst{n}")
        time.sleep(1.1)  # the counter ticks

        # When the client joins again
        refused = _joined(client, f"chat:{chat['id']}")

    # Then the join is refused with Realtime's reason
    assert refused["status"] == "CHANNEL_ERROR"
    assert "ClientJoinRateLimitReached: Too many joins per second" in refused["error"]


def test_more_users_than_the_project_allows_are_refused(
    supabase_js, chat, customer_token, realtime_limits, local_stack
):
    in_use = local_stack.realtime_connections_in_use()
    first, second = supabase_js(customer_token(chat["id"])), supabase_js(customer_token(chat["id"]))
    with realtime_limits(max_concurrent_users=in_use + 1):
        # Given as many connected users as the project allows
        assert _joined(first, f"chat:{chat['id']}")["status"] == "SUBSCRIBED"

        # When another one joins
        refused = _joined(second, f"chat:{chat['id']}")

    # Then it is refused
    assert "ConnectionRateLimitReached: Too many connected users" in refused["error"]


def test_a_channel_receiving_over_the_projects_message_rate_is_shut_down(
    supabase_js, chat, customer_token, admin_token, realtime_limits
):
    topic = f"chat:{chat['id']}"
    admin, customer = supabase_js(admin_token), supabase_js(customer_token(chat["id"]))
    with realtime_limits(max_events_per_second=2):
        admin.subscribed(topic)
        customer.subscribed(topic)
        # Given a burst of broadcasts over the project's messages per second
        for n in range(4):
            customer.command("broadcast", name=topic, event="typing", payload={"n": n})
        time.sleep(0.3)  # the counter ticks

        # When one more message reaches support
        customer.command("broadcast", name=topic, event="typing", payload={"n": 4})

        # Then Realtime shuts support's channel down
        assert _system_error(admin) == "Too many messages per second"


def test_changes_over_the_projects_rate_are_dropped_silently(
    supabase_js, chat, customer_token, send, realtime_limits, local_stack
):
    client = supabase_js(customer_token(chat["id"]))
    client.subscribed(f"chat:{chat['id']}", changes=_messages(f"chat_id=eq.{chat['id']}"))
    dropped_before = local_stack.realtime_dropped_changes
    # 1 a second: the 13 changes keep the average (over at most 12 ticks of 0.5 s) above it for
    # the whole test however slowly the sends go, as they do on a busy machine.
    with realtime_limits(max_events_per_second=1, rate_counter_tick=0.5):
        # Given a burst of changes over the project's events per second
        for n in range(10):
            send(chat["id"], f"burst {n}", sender="admin")
        time.sleep(0.6)  # the counter ticks

        # When more messages follow while the project is over the rate
        for n in range(3):
            send(chat["id"], f"over the rate {n}", sender="admin")
        seen = [e for e in client.drain(1.5) if e["kind"] == "postgres_changes"]

    # Then some never reach the subscriber, and nothing tells it so
    assert local_stack.realtime_dropped_changes > dropped_before
    contents = [e["payload"]["new"]["content"] for e in seen]
    assert "over the rate 2" not in contents and len(contents) < 13
    assert not [e for e in client.drain(0.2) if e["kind"] == "system"]


# -- tokens -----------------------------------------------------------------------------------------
@pytest.fixture
def rotated_signing_key(local_stack):
    """Rotate the project's signing key and revoke the old one; put it back after."""

    def rotate() -> None:
        local_stack.gateway.auth.use_signing_key(generate_signing_jwk())

    yield rotate
    local_stack.gateway.auth.use_signing_key(local_stack.signing_jwk)


def test_a_channel_closes_once_its_tokens_key_is_revoked(
    supabase_js, chat, customer_token, local_stack, rotated_signing_key
):
    with realtime_settings(local_stack, confirm_token_interval=0.5):
        # Given a customer subscribed with a token that has not expired
        client = supabase_js(customer_token(chat["id"]))
        client.subscribed(f"chat:{chat['id']}", changes=_messages(f"chat_id=eq.{chat['id']}"))

        # When the project revokes the key that signed it
        rotated_signing_key()

        # Then Realtime's next check of the token ends the channel
        message = _system_error(client)
    assert message.startswith("Failed to generate JWT signer for key ID (kid)")
