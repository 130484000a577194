"""Presence: support's over Realtime Presence on the `support` topic (admins write, customers
only receive), the customer's for the chat list through the API (a beat or a leave, published
to admins), and nothing of one customer reaching another."""

from __future__ import annotations

import pytest

from tests.support.api import listed_sessions


def _presence_in_list(session_api, chat_id):
    session = listed_sessions(session_api)[chat_id]
    return session["customer_online"], session["customer_seen_at"]


def _writes_to_presence(db, chat_id):
    row = db.execute("select xmin::text as version from public.chat_presence where chat_id = %s", (chat_id,)).fetchone()
    return row and row["version"]


def test_a_customer_whose_page_is_open_shows_online_in_the_list(session_api, chats, chat):
    # Given a chat whose customer has never opened the page
    assert _presence_in_list(session_api, chat["id"]) == (False, None)

    # When the customer's page beats
    response = session_api.as_(chats.customer_token(chat["id"])).at("/presence")(
        "POST", body={"chat_id": chat["id"], "present": True}
    )

    # Then admins see the customer online, with the time
    assert response.status == 200 and response.body["customer_online"] is True
    online, seen_at = _presence_in_list(session_api, chat["id"])
    assert online is True and seen_at == response.body["customer_seen_at"]


def test_a_customer_whose_page_closed_shows_away_with_its_last_time(session_api, chats, chat):
    customer = session_api.as_(chats.customer_token(chat["id"])).at("/presence")
    customer("POST", body={"chat_id": chat["id"], "present": True})

    # When the page says it is leaving
    left = customer("POST", body={"chat_id": chat["id"], "present": False})

    # Then the list shows the customer away, last seen then
    assert _presence_in_list(session_api, chat["id"]) == (False, left.body["customer_seen_at"])


def test_a_customer_not_heard_from_for_150_seconds_is_away(session_api, chats, chat, db):
    session_api.as_(chats.customer_token(chat["id"])).at("/presence")(
        "POST", body={"chat_id": chat["id"], "present": True}
    )
    # Given its last beat was longer ago than a lost beat explains (a crashed browser)
    db.execute(
        "update public.chat_presence set seen_at = now() - interval '151 seconds' where chat_id = %s", (chat["id"],)
    )

    assert _presence_in_list(session_api, chat["id"])[0] is False


def test_beats_close_together_write_once(session_api, chats, chat, db):
    customer = session_api.as_(chats.customer_token(chat["id"])).at("/presence")
    customer("POST", body={"chat_id": chat["id"], "present": True})
    written = _writes_to_presence(db, chat["id"])

    # When the page beats again at once (a reload, a hostile script)
    for _ in range(5):
        assert customer("POST", body={"chat_id": chat["id"], "present": True}).status == 200

    # Then nothing more was written, so nothing more is sent to the admins
    assert _writes_to_presence(db, chat["id"]) == written


def test_arriving_and_leaving_over_and_over_runs_out_of_budget(session_api, chats, chat, rate_limit):
    # Given a budget of four arrivals or leaves
    rate_limit("presence_per_chat", 4, 60)
    customer = session_api.as_(chats.customer_token(chat["id"])).at("/presence")

    # When the page arrives and leaves over and over
    answers = [customer("POST", body={"chat_id": chat["id"], "present": n % 2 == 0}).status for n in range(5)]

    # Then the fifth change is refused and changes nothing: still away
    assert answers == [200, 200, 200, 200, 429]
    assert _presence_in_list(session_api, chat["id"])[0] is False


def test_a_customer_notes_presence_only_in_its_own_chat(session_api, chats, create_chat):
    mine, other = create_chat(), create_chat()

    response = session_api.as_(chats.customer_token(mine["id"])).at("/presence")(
        "POST", body={"chat_id": other["id"], "present": True}
    )

    assert response.status == 403


@pytest.mark.parametrize("body", [{"chat_id": "x", "present": True}, {"present": True}, {"chat_id": None}])
def test_a_malformed_presence_is_a_422(session_api, chats, chat, body):
    customer = session_api.as_(chats.customer_token(chat["id"])).at("/presence")

    assert customer("POST", body=body).status == 422


def test_admins_receive_a_customers_presence_live(supabase_js, session_api, chats, chat, admin_token):
    # Given an admin subscribed to the presence table on its dashboard channel
    admin = supabase_js(admin_token)
    admin.subscribed("dashboard", changes=[{"event": "*", "schema": "public", "table": "chat_presence"}])

    # When the customer's page beats
    session_api.as_(chats.customer_token(chat["id"])).at("/presence")(
        "POST", body={"chat_id": chat["id"], "present": True}
    )

    # Then the change arrives
    change = admin.wait_for(lambda e: e["kind"] == "postgres_changes")
    assert (change["payload"]["new"]["chat_id"], change["payload"]["new"]["present"]) == (chat["id"], True)


def test_no_customer_receives_another_customers_presence(supabase_js, session_api, chats, create_chat):
    # Given the customer of one chat subscribed to the presence table
    mine, other = create_chat(), create_chat()
    watching = supabase_js(chats.customer_token(mine["id"]))
    watching.subscribed(f"chat:{mine['id']}", changes=[{"event": "*", "schema": "public", "table": "chat_presence"}])

    # When both customers' pages beat
    for chat in (other, mine):
        session_api.as_(chats.customer_token(chat["id"])).at("/presence")(
            "POST", body={"chat_id": chat["id"], "present": True}
        )

    # Then nothing arrives, not even its own
    assert [e for e in watching.drain(1.0) if e["kind"] == "postgres_changes"] == []


def test_customers_see_which_admins_are_online_on_the_support_topic(supabase_js, chats, chat, admin_token):
    # Given a customer receiving presence on the support topic
    customer = supabase_js(chats.customer_token(chat["id"]))
    customer.subscribed("support", presenceKey="customer")
    admin = supabase_js(admin_token)
    admin.subscribed("support", presenceKey="admin-1")

    # When an admin tracks itself there
    admin.command("track", name="support", payload={"name": "Ada"})

    # Then the customer sees it
    synced = customer.wait_for(lambda e: e["kind"] == "presence" and "admin-1" in e["state"])
    assert synced["state"]["admin-1"][0]["name"] == "Ada"


def test_a_customer_cannot_track_or_broadcast_on_the_support_topic(supabase_js, chats, create_chat):
    # Given two customers of different chats on the support topic
    first, second = create_chat(), create_chat()
    tracking = supabase_js(chats.customer_token(first["id"]))
    tracking.subscribed("support", presenceKey="first")
    watching = supabase_js(chats.customer_token(second["id"]))
    watching.subscribed("support", presenceKey="second")

    # When the first tries to show itself, or say anything, to everyone there
    tracking.command("track", name="support", payload={"name": "Mallory"})
    tracking.command("broadcast", name="support", event="typing", payload={"from": "admin"})

    # Then it is refused, and the other customer sees nothing of it
    assert tracking.wait_for(lambda e: e["kind"] == "tracked")["result"] == "error"
    seen = watching.drain(1.0)
    assert all(not e.get("state") for e in seen if e["kind"] == "presence")
    assert [e for e in seen if e["kind"] == "broadcast"] == []
