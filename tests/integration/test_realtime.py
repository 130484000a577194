"""The local Realtime, as the real (pinned) supabase-js sees it."""

from __future__ import annotations

import uuid

import jwt


def _messages_of(chat_id: str) -> list[dict]:
    return [{"event": "INSERT", "schema": "public", "table": "chat_messages", "filter": f"chat_id=eq.{chat_id}"}]


def _is_change(event: dict) -> bool:
    return event["kind"] == "postgres_changes"


def test_a_customer_receives_its_chats_new_messages(supabase_js, chat, customer_token, send):
    # Given the customer subscribed to its chat's messages with its token
    client = supabase_js(customer_token(chat["id"]))
    client.subscribed("chat", changes=_messages_of(chat["id"]))

    # When the admin sends a message
    send(chat["id"], "Hello from support", sender="admin")

    # Then supabase-js delivers the new row, typed as the table's columns say
    change = client.wait_for(_is_change)["payload"]
    assert change["eventType"] == "INSERT"
    assert change["new"]["content"] == "Hello from support" and change["new"]["seq"] == 1


def test_a_customer_subscribing_to_another_chat_gets_nothing(supabase_js, chats, customer_token):
    # Given customer B subscribed with a filter crafted for chat A, and one with no filter at all
    chat_a, chat_b = chats.create()["id"], chats.create()["id"]
    client = supabase_js(customer_token(chat_b))
    client.subscribed("crafted", changes=_messages_of(chat_a))
    client.subscribed("everything", changes=[{"event": "*", "schema": "public", "table": "chat_messages"}])

    # When A's conversation goes on
    chats.send(chat_a, "private to A")
    chats.send(chat_a, "still private", sender="admin")
    chats.send(chat_b, "B's own message")

    # Then B sees only its own message
    change = client.wait_for(_is_change)
    assert change["payload"]["new"]["content"] == "B's own message"
    assert [e for e in client.drain(1.0) if _is_change(e)] == []


def test_anon_with_the_publishable_key_sees_no_message(supabase_js, chat, send):
    client = supabase_js()
    client.subscribed("snoop", changes=[{"event": "*", "schema": "public", "table": "chat_messages"}])

    send(chat["id"], "not for anon")

    assert [e for e in client.drain(1.0) if _is_change(e)] == []


def test_an_admin_sees_every_chats_messages_and_new_sessions(supabase_js, admin_token, chats):
    client = supabase_js(admin_token)
    client.subscribed("dashboard", changes=[
        {"event": "INSERT", "schema": "public", "table": "chat_messages"},
        {"event": "*", "schema": "public", "table": "chat_sessions"},
    ])

    chat = chats.create(name="Brand new")

    created = client.wait_for(lambda e: _is_change(e) and e["payload"]["table"] == "chat_sessions")
    assert created["payload"]["eventType"] == "INSERT" and created["payload"]["new"]["id"] == chat["id"]
    chats.send(chat["id"], "first words")
    message = client.wait_for(lambda e: _is_change(e) and e["payload"]["table"] == "chat_messages")
    assert message["payload"]["new"]["chat_id"] == chat["id"]


def test_a_join_with_a_forged_token_is_refused(supabase_js, chat, customer_token):
    header, payload, _ = customer_token(chat["id"]).split(".")
    client = supabase_js(f"{header}.{payload}.{'A' * 86}")

    client.command("subscribe", name="forged", changes=_messages_of(chat["id"]))

    status = client.wait_for(lambda e: e["kind"] == "status")
    assert status["status"] == "CHANNEL_ERROR"


def test_broadcast_reaches_the_other_subscribers(supabase_js, admin_token):
    topic = f"typing:{uuid.uuid4()}"
    sender, receiver = supabase_js(admin_token), supabase_js(admin_token)
    sender.subscribed(topic)
    receiver.subscribed(topic)

    sender.command("broadcast", name=topic, event="typing", payload={"who": "admin"})

    got = receiver.wait_for(lambda e: e["kind"] == "broadcast")
    assert got["payload"]["event"] == "typing" and got["payload"]["payload"] == {"who": "admin"}
    assert sender.wait_for(lambda e: e["kind"] == "sent")["result"] == "ok"


def test_presence_shows_who_is_online(supabase_js, admin_token):
    topic = f"online:{uuid.uuid4()}"
    first, second = supabase_js(admin_token), supabase_js(admin_token)
    first.subscribed(topic, presenceKey="admin")
    second.subscribed(topic, presenceKey="customer")

    first.command("track", name=topic, payload={"status": "online"})

    synced = second.wait_for(lambda e: e["kind"] == "presence" and "admin" in e["state"])
    assert synced["state"]["admin"][0]["status"] == "online"


def test_a_renewed_token_keeps_the_subscription_alive(supabase_js, chats, send):
    chat = chats.create()
    first_token = chats.join(chat["id"]).body["access_token"]
    client = supabase_js(first_token)
    client.subscribed("chat", changes=_messages_of(chat["id"]))

    renewed = chats.join(chat["id"]).body["access_token"]
    client.command("setToken", accessToken=renewed)
    client.wait_for(lambda e: e["kind"] == "token_set")
    send(chat["id"], "after renewal", sender="admin")

    change = client.wait_for(_is_change)
    assert change["payload"]["new"]["content"] == "after renewal"
    assert jwt.decode(renewed, options={"verify_signature": False})["chat_id"] == chat["id"]


def test_a_subscription_ends_when_its_token_expires(supabase_js, chat, send, local_stack):
    # Given a customer token for this chat that expires in two seconds
    import time

    now = int(time.time())
    claims = {"iss": "customer-chat", "aud": "authenticated", "role": "authenticated", "sub": str(uuid.uuid4()),
              "chat_id": chat["id"], "iat": now, "exp": now + 2}
    short_lived = jwt.encode(claims, jwt.PyJWK(local_stack.signing_jwk).key, algorithm="ES256",
                             headers={"kid": local_stack.signing_jwk["kid"]})
    client = supabase_js(short_lived)
    client.subscribed("chat", changes=_messages_of(chat["id"]))

    # When a message arrives after it expired
    time.sleep(2.5)
    send(chat["id"], "too late", sender="admin")

    # Then the server closes the channel instead of delivering it
    seen = client.drain(1.5)
    assert not [e for e in seen if _is_change(e)]
    assert any(e["kind"] == "system" and "expired" in str(e["payload"]).lower() for e in seen), seen
