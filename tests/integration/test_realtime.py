"""The local Realtime, as the real (pinned) supabase-js sees it: private channels authorized
by realtime.messages RLS, postgres_changes with RLS per subscriber, and production's timing."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import time

import jwt
import pytest

from tests.support.realtime import is_postgres_ready, realtime_settings
from tests.support.tokens import customer_claims


def _messages_of(chat_id: str) -> list[dict]:
    return [{"event": "INSERT", "schema": "public", "table": "chat_messages", "filter": f"chat_id=eq.{chat_id}"}]


ALL_MESSAGES = [{"event": "*", "schema": "public", "table": "chat_messages"}]


def _is_change(event: dict) -> bool:
    return event["kind"] == "postgres_changes"


def _status(client, name: str) -> str:
    return client.wait_for(lambda e: e.get("channel") == name and e["kind"] == "status")["status"]


def _short_lived_token(local_stack, chat_id: str, seconds: int) -> str:
    claims = customer_claims(chat_id, exp=int(time.time()) + seconds)
    return jwt.encode(
        claims,
        jwt.PyJWK(local_stack.signing_jwk).key,
        algorithm="ES256",
        headers={"kid": local_stack.signing_jwk["kid"]},
    )


# -- postgres_changes -----------------------------------------------------------------------------
def test_a_customer_receives_its_chats_new_messages(supabase_js, chat, customer_token, send):
    # Given the customer subscribed to its chat's messages with its token
    client = supabase_js(customer_token(chat["id"]))
    client.subscribed(f"chat:{chat['id']}", changes=_messages_of(chat["id"]))

    # When the admin sends a message
    send(chat["id"], "Hello from support", sender="admin")

    # Then supabase-js delivers the new row as written, with Realtime's commit timestamp format
    change = client.wait_for(_is_change)["payload"]
    assert change["eventType"] == "INSERT"
    assert change["new"]["content"] == "Hello from support" and change["new"]["seq"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", change["commit_timestamp"])


def test_changes_flow_only_after_the_subscribed_to_postgresql_message(
    supabase_js, chat, customer_token, send, realistic_realtime_delay
):
    # Given a customer whose join was just answered (SUBSCRIBED), on a tenant whose database
    # subscription takes 1-3 s as in production
    client = supabase_js(customer_token(chat["id"]))
    client.command("subscribe", name=f"chat:{chat['id']}", changes=_messages_of(chat["id"]))
    assert _status(client, f"chat:{chat['id']}") == "SUBSCRIBED"
    subscribed_at = time.monotonic()

    # When a message is sent in that gap
    send(chat["id"], "sent in the gap", sender="admin")

    # Then it is never delivered, and the system message comes later: only after it do changes flow
    seen_before_ready = []
    ready = client.wait_for(lambda e: seen_before_ready.append(e) or is_postgres_ready(e), timeout=5)
    assert time.monotonic() - subscribed_at >= 0.9, ready
    assert not [e for e in seen_before_ready if _is_change(e)]
    send(chat["id"], "after the system message", sender="admin")
    assert client.wait_for(_is_change)["payload"]["new"]["content"] == "after the system message"


def test_a_customer_cannot_listen_to_another_chat(supabase_js, chats, customer_token):
    # Given customer B, whose chat:B channel asks with a crafted filter for A's rows and for every row
    chat_a, chat_b = chats.create()["id"], chats.create()["id"]
    client = supabase_js(customer_token(chat_b))
    client.subscribed(f"chat:{chat_b}", changes=[*_messages_of(chat_a), *ALL_MESSAGES])

    # When A's conversation goes on, then B's own
    chats.send(chat_a, "private to A")
    chats.send(chat_a, "still private", sender="admin")
    chats.send(chat_b, "B's own message")

    # Then B sees only its own message
    change = client.wait_for(_is_change)
    assert change["payload"]["new"]["content"] == "B's own message"
    assert [e for e in client.drain(1.0) if _is_change(e)] == []


def test_an_admin_sees_every_chats_messages_and_new_sessions(supabase_js, admin_token, chats):
    client = supabase_js(admin_token)
    client.subscribed(
        "dashboard",
        changes=[
            {"event": "INSERT", "schema": "public", "table": "chat_messages"},
            {"event": "*", "schema": "public", "table": "chat_sessions"},
        ],
    )

    chat = chats.create(name="Brand new")

    created = client.wait_for(lambda e: _is_change(e) and e["payload"]["table"] == "chat_sessions")
    assert created["payload"]["eventType"] == "INSERT" and created["payload"]["new"]["id"] == chat["id"]
    chats.send(chat["id"], "first words")
    message = client.wait_for(lambda e: _is_change(e) and e["payload"]["table"] == "chat_messages")
    assert message["payload"]["new"]["chat_id"] == chat["id"]


def test_each_change_carries_the_row_as_it_was_written(supabase_js, admin_token, db):
    # Given an admin listening to sessions
    client = supabase_js(admin_token)
    client.subscribed("dashboard", changes=[{"event": "*", "schema": "public", "table": "chat_sessions"}])

    # When one transaction creates a chat and closes it at once
    with db.transaction():
        chat_id = db.execute(
            "insert into chat_sessions (customer_name) values ('Written twice') returning id"
        ).fetchone()["id"]
        db.execute("update chat_sessions set status = 'closed', closed_at = now() where id = %s", (chat_id,))

    # Then the INSERT carries the row as inserted, not as it is when Realtime reads it
    inserted = client.wait_for(lambda e: _is_change(e) and e["payload"]["eventType"] == "INSERT")
    updated = client.wait_for(lambda e: _is_change(e) and e["payload"]["eventType"] == "UPDATE")
    assert inserted["payload"]["new"]["status"] == "open"
    assert updated["payload"]["new"]["status"] == "closed"
    assert updated["payload"]["old"] == {"id": str(chat_id)}  # the replica identity: the key


def test_more_changes_than_one_poll_reads_arrive_all_and_in_order(
    supabase_js, chat, customer_token, db, send_rate_limit
):
    # Given the customer subscribed to its chat's messages (and a send limit above 150)
    send_rate_limit(1000, 10)
    client = supabase_js(customer_token(chat["id"]))
    client.subscribed(f"chat:{chat['id']}", changes=_messages_of(chat["id"]))

    # When one transaction stores 150 messages (Realtime reads at most 100 changes a poll)
    with db.transaction():
        for n in range(150):
            db.execute("select public.chat_send_message(%s, 'customer', 'bulk', %s, null)", (chat["id"], f"bulk {n}"))

    # Then every one arrives, in the order it was written
    arrived = [client.wait_for(_is_change)["payload"]["new"]["content"] for _ in range(150)]
    assert arrived == [f"bulk {n}" for n in range(150)]


def test_a_role_without_select_on_the_key_gets_an_error_for_every_change(
    supabase_js, local_stack, chat, send, public_channels_allowed
):
    # Given a subscriber whose role may not select chat_messages' key (the secret key's service_role)
    from tests.support.realtime import SupabaseJs

    client = SupabaseJs(local_stack.supabase_url, local_stack.keys.secret, None)
    try:
        client.subscribed("every-message", changes=ALL_MESSAGES, isPrivate=False)

        # When any chat speaks
        send(chat["id"], "a message the role may not read")

        # Then, as Realtime's apply_rls does, it learns that something happened, and nothing else
        change = client.wait_for(_is_change)["payload"]
        assert change["errors"] == ["Error 401: Unauthorized"]
        assert change["new"] == {} and change["commit_timestamp"] is None
    finally:
        client.close()


def test_anon_with_the_publishable_key_learns_nothing_of_any_chat(supabase_js, chat, send, public_channels_allowed):
    # Given anyone with the publishable key, on a public channel (were public channels allowed)
    client = supabase_js()
    client.subscribed("snoop", changes=ALL_MESSAGES, isPrivate=False)

    # When a chat speaks
    send(chat["id"], "not for anon")

    # Then no event at all arrives: not the row, not even an error that reveals its timing
    assert [e for e in client.drain(1.0) if _is_change(e)] == []


# -- private channels -----------------------------------------------------------------------------
def test_public_channels_are_refused(supabase_js, admin_token):
    client = supabase_js(admin_token)

    client.command("subscribe", name="dashboard", isPrivate=False)

    status = client.wait_for(lambda e: e["kind"] == "status")
    assert status["status"] == "CHANNEL_ERROR" and "only allows private channels" in status["error"]


def test_the_publishable_key_alone_joins_nothing(supabase_js, chat):
    client = supabase_js()

    client.command("subscribe", name=f"chat:{chat['id']}")

    status = client.wait_for(lambda e: e["kind"] == "status")
    assert status["status"] == "CHANNEL_ERROR" and "do not have permissions" in status["error"]


@pytest.mark.parametrize("topic", ["other-chat", "dashboard", "own chat's team"])
def test_a_customer_cannot_join_another_chat_or_the_admins_topics(supabase_js, chats, customer_token, topic):
    chat_a, chat_b = chats.create()["id"], chats.create()["id"]
    client = supabase_js(customer_token(chat_b))

    names = {"other-chat": f"chat:{chat_a}", "dashboard": "dashboard", "own chat's team": f"chat-team:{chat_b}"}
    client.command("subscribe", name=names[topic])

    assert client.wait_for(lambda e: e["kind"] == "status")["status"] == "CHANNEL_ERROR"


def test_a_deactivated_admin_receives_no_more_messages(supabase_js, session_api, new_admin, chats):
    # Given an agent receiving every chat's messages on the dashboard channel
    agent, token = new_admin()
    client = supabase_js(token)
    client.subscribed("dashboard", changes=ALL_MESSAGES)
    chat_id = chats.create()["id"]
    chats.send(chat_id, "while active")
    assert client.wait_for(_is_change)["payload"]["new"]["content"] == "while active"

    # When an owner deactivates the agent, and the conversation goes on
    session_api.at("/team")("PATCH", body={"user_id": agent, "active": False})
    chats.send(chat_id, "after deactivation")

    # Then nothing more reaches it (RLS is checked per change, with its token's claims)
    assert [e for e in client.drain(1.0) if _is_change(e)] == []


def test_a_deactivated_admins_token_joins_no_private_channel(supabase_js, session_api, new_admin, chat):
    agent, token = new_admin()
    session_api.at("/team")("PATCH", body={"user_id": agent, "active": False})
    client = supabase_js(token)

    client.command("subscribe", name=f"chat-team:{chat['id']}")

    assert client.wait_for(lambda e: e["kind"] == "status")["status"] == "CHANNEL_ERROR"


def test_a_signed_in_non_admin_joins_no_chat(supabase_js, chat, non_admin_token):
    client = supabase_js(non_admin_token)

    client.command("subscribe", name=f"chat:{chat['id']}")

    assert client.wait_for(lambda e: e["kind"] == "status")["status"] == "CHANNEL_ERROR"


def test_a_customers_broadcast_reaches_the_admin_in_its_chat(supabase_js, chat, customer_token, admin_token):
    topic = f"chat:{chat['id']}"
    customer, admin = supabase_js(customer_token(chat["id"])), supabase_js(admin_token)
    customer.subscribed(topic)
    admin.subscribed(topic)

    customer.command("broadcast", name=topic, event="typing", payload={"who": "customer"})

    got = admin.wait_for(lambda e: e["kind"] == "broadcast")
    assert got["payload"]["event"] == "typing" and got["payload"]["payload"] == {"who": "customer"}
    assert customer.wait_for(lambda e: e["kind"] == "sent")["result"] == "ok"


def test_a_chats_broadcast_and_presence_stay_in_that_chat(supabase_js, chats, customer_token, admin_token):
    # Given an admin in chat A, and customer B in its own chat B
    chat_a, chat_b = chats.create()["id"], chats.create()["id"]
    admin, customer_b = supabase_js(admin_token), supabase_js(customer_token(chat_b))
    admin.subscribed(f"chat:{chat_a}", presenceKey="admin")
    customer_b.subscribed(f"chat:{chat_b}", presenceKey="customer-b")

    # When B broadcasts and tracks presence in its own chat
    customer_b.command("broadcast", name=f"chat:{chat_b}", event="typing", payload={"who": "B"})
    customer_b.command("track", name=f"chat:{chat_b}", payload={"status": "online"})

    # Then nothing of it reaches chat A
    seen = admin.drain(1.0)
    assert not [e for e in seen if e["kind"] == "broadcast"]
    assert all("customer-b" not in e.get("state", {}) for e in seen if e["kind"] == "presence")


def test_presence_shows_who_is_online_in_a_chat(supabase_js, chat, customer_token, admin_token):
    topic = f"chat:{chat['id']}"
    customer, admin = supabase_js(customer_token(chat["id"])), supabase_js(admin_token)
    admin.subscribed(topic, presenceKey="admin")
    customer.subscribed(topic, presenceKey="customer")

    admin.command("track", name=topic, payload={"status": "online"})

    synced = customer.wait_for(lambda e: e["kind"] == "presence" and "admin" in e["state"])
    assert synced["state"]["admin"][0]["status"] == "online"
    assert admin.wait_for(lambda e: e["kind"] == "tracked")["result"] == "ok"


# -- tokens ---------------------------------------------------------------------------------------
def test_a_join_with_a_forged_token_is_refused(supabase_js, chat, customer_token):
    header, payload, _ = customer_token(chat["id"]).split(".")
    client = supabase_js(f"{header}.{payload}.{'A' * 86}")

    client.command("subscribe", name=f"chat:{chat['id']}", changes=_messages_of(chat["id"]))

    assert client.wait_for(lambda e: e["kind"] == "status")["status"] == "CHANNEL_ERROR"


def test_a_renewed_token_keeps_the_subscription_alive(supabase_js, chats, send):
    chat = chats.create()
    first_token = chats.join(chat["id"]).body["access_token"]
    client = supabase_js(first_token)
    client.subscribed(f"chat:{chat['id']}", changes=_messages_of(chat["id"]))

    renewed = chats.join(chat["id"]).body["access_token"]
    client.command("setToken", accessToken=renewed)
    client.wait_for(lambda e: e["kind"] == "token_set")
    send(chat["id"], "after renewal", sender="admin")

    change = client.wait_for(_is_change)
    assert change["payload"]["new"]["content"] == "after renewal"


def test_a_channel_closes_when_its_token_expires_even_if_nothing_happens(supabase_js, chat, local_stack):
    # Given a customer subscribed with a token that expires in five seconds (under a loaded
    # machine's two workers, a join has taken more than two: it was refused as expired instead)
    client = supabase_js(_short_lived_token(local_stack, chat["id"], seconds=5))
    client.subscribed(f"chat:{chat['id']}", changes=_messages_of(chat["id"]))

    # When it expires, with no message in the chat at all
    # Then the server says so and closes the channel, which supabase-js drops for good
    expired = client.wait_for(lambda e: e["kind"] == "system" and e["payload"].get("status") == "error", timeout=10)
    assert expired["payload"]["message"].startswith("Token has expired")
    assert _status(client, f"chat:{chat['id']}") == "CLOSED"


# -- one client's trouble stays its own -------------------------------------------------------
@pytest.fixture
def small_outbound_queues(local_stack):
    with realtime_settings(local_stack, outbound_queue_limit=20):
        yield


def _client_that_never_reads(local_stack, token: str, topic: str) -> socket.socket:
    """A raw WebSocket client with a tiny receive buffer that joins `topic` and then reads nothing."""
    port = int(local_stack.supabase_url.rsplit(":", 1)[1])
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET /realtime/v1/websocket?apikey={local_stack.keys.publishable}&vsn=2.0.0 HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Protocol: phoenix\r\n\r\n"
        ).encode()
    )
    assert b" 101 " in sock.recv(1024)
    join = json.dumps(
        [
            "1",
            "1",
            f"realtime:{topic}",
            "phx_join",
            {"config": {"private": True, "broadcast": {"self": False}}, "access_token": token},
        ]
    ).encode()
    mask = os.urandom(4)
    header = (
        bytes([0x81, 0x80 | 126]) + len(join).to_bytes(2, "big") if len(join) > 125 else bytes([0x81, 0x80 | len(join)])
    )
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(join)))
    return sock


def _was_cut_off(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            pass
        return True  # closed by the server
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_a_client_that_stops_reading_never_delays_the_others(
    supabase_js, chat, admin_token, small_outbound_queues, local_stack
):
    # Given two admins in one chat, and a third client there that stopped reading its socket
    topic, rounds = f"chat:{chat['id']}", 60
    healthy, sender = supabase_js(admin_token), supabase_js(admin_token)
    for client in (healthy, sender):
        client.subscribed(topic)
    stuck = _client_that_never_reads(local_stack, admin_token, topic)
    time.sleep(0.5)

    # When far more is broadcast than the stuck one's socket and queue can hold, a few at a time
    # (the healthy one reading along, so only a client that stops reading falls 20 frames behind)
    received = []
    for batch in range(0, rounds, 5):
        for n in range(batch, batch + 5):
            sender.command("broadcast", name=topic, event="bulk", payload={"n": n, "padding": "x" * 200_000})
        healthy.wait_for(
            lambda e, last=batch + 4: (
                e["kind"] == "broadcast"
                and received.append(e["payload"]["payload"]["n"]) is None
                and received[-1] == last
            ),
            timeout=30,
        )

    # Then the healthy one receives every broadcast, in order
    assert received == list(range(rounds))
    # And the stuck one was cut off instead of being waited for
    assert _was_cut_off(stuck, seconds=10)
    stuck.close()


def test_admins_see_each_other_on_a_chats_team_topic(supabase_js, chat, admin_token, second_admin_token):
    # Given two admins with the same chat open
    topic = f"chat-team:{chat['id']}"
    first, second = supabase_js(admin_token), supabase_js(second_admin_token)
    first.subscribed(topic, presenceKey="first")
    second.subscribed(topic, presenceKey="second")

    # When the second shows itself there
    second.command("track", name=topic, payload={"name": "Second Admin"})

    # Then the first sees it
    synced = first.wait_for(lambda e: e["kind"] == "presence" and "second" in e["state"])
    assert synced["state"]["second"][0]["name"] == "Second Admin"


# -- rooms and the epoch (issue 35, item 8) ---------------------------------------------------------
EPOCH_CHANGES = [{"event": "UPDATE", "schema": "public", "table": "chat_realtime_epoch"}]


def _epoch(db) -> int:
    return db.execute("select epoch from public.chat_realtime_epoch").fetchone()["epoch"]


def test_deactivating_an_admin_moves_every_page_to_rooms_it_cannot_join(
    supabase_js, session_api, new_admin, chat, customer_token, db
):
    # Given an agent and the chat's customer in the chat's room of this epoch
    agent, token = new_admin()
    room = f"chat:{chat['id']}@{_epoch(db)}"
    agent_client, customer = supabase_js(token), supabase_js(customer_token(chat["id"]))
    agent_client.subscribed(room)
    customer.subscribed(room, changes=EPOCH_CHANGES)

    # When an owner deactivates the agent
    session_api.at("/team")("PATCH", body={"user_id": agent, "active": False})

    # Then the customer hears the new epoch, and joins the new room, which the agent cannot
    change = customer.wait_for(_is_change)
    new_room = f"chat:{chat['id']}@{change['payload']['new']['epoch']}"
    assert new_room != room
    customer.subscribed(new_room)
    agent_client.command("subscribe", name=new_room)
    assert _status(agent_client, new_room) == "CHANNEL_ERROR"


def test_a_room_of_an_epoch_gone_by_refuses_everyone(supabase_js, session_api, new_admin, chat, customer_token, db):
    # Given an epoch moved on by a deactivation
    old = _epoch(db)
    agent, _ = new_admin()
    session_api.at("/team")("PATCH", body={"user_id": agent, "active": False})

    # When the chat's own customer joins its room of the old epoch, Then it is refused
    client = supabase_js(customer_token(chat["id"]))
    client.command("subscribe", name=f"chat:{chat['id']}@{old}")
    assert _status(client, f"chat:{chat['id']}@{old}") == "CHANNEL_ERROR"
