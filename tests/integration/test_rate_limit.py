"""Limits kept by the database, so they hold across Lambda containers: sending (per chat and
side), failed joins (per chat and per address), creating and rotating (per admin)."""

from __future__ import annotations

import uuid

import pytest


def test_sending_past_the_limit_is_a_429_with_retry_after(send, chat, send_rate_limit, stored_messages):
    # Given a limit of 3 messages per minute in one chat, all used
    send_rate_limit(3, 60)
    for n in range(3):
        assert send(chat["id"], f"message {n}").status == 201

    # When a fourth is sent
    response = send(chat["id"], "one too many")

    # Then it is refused with the seconds to wait, and nothing is stored
    assert response.status == 429 and response.error_code == "rate_limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert len(stored_messages(chat["id"])) == 3


def test_the_limit_is_per_chat(send, create_chat, send_rate_limit):
    send_rate_limit(2, 60)
    busy, quiet = create_chat()["id"], create_chat()["id"]
    send(busy, "one")
    send(busy, "two")

    assert send(quiet, "hello").status == 201


def test_a_retry_of_a_message_already_sent_is_not_rate_limited(send, chat, send_rate_limit):
    send_rate_limit(1, 60)
    client_msg_id = str(uuid.uuid4())
    send(chat["id"], "only one", client_msg_id=client_msg_id)

    retry = send(chat["id"], "only one", client_msg_id=client_msg_id)

    assert retry.status == 200


def test_the_customer_cannot_starve_the_admins_replies(send, chat, send_rate_limit):
    # Given a customer who used the whole sending budget of the chat
    send_rate_limit(3, 60)
    for n in range(3):
        assert send(chat["id"], f"customer {n}").status == 201
    assert send(chat["id"], "customer again").status == 429

    # When support replies
    reply = send(chat["id"], "we are here", sender="admin")

    # Then it goes through: each side has its own budget
    assert reply.status == 201


def test_guessing_a_chats_link_is_stopped_after_a_few_failures(chats, chat, rate_limit):
    # Given a chat whose link may fail 3 times per 10 minutes
    rate_limit("join_failures_per_chat", 3, 600)
    wrong = "x" * 43
    assert [chats.join(chat["id"], wrong).status for _ in range(3)] == [401, 401, 401]

    # When the guessing goes on
    guess = chats.join(chat["id"], wrong)

    # Then it waits, and is told how long
    assert guess.status == 429 and 1 <= int(guess.headers["Retry-After"]) <= 600


def test_a_strangers_failed_joins_never_lock_out_the_right_link(chats, chat, rate_limit):
    # Given a stranger who knows only the chat's id spent its failure budget
    rate_limit("join_failures_per_chat", 3, 600)
    for _ in range(4):
        chats.join(chat["id"], "x" * 43)

    # When the customer opens the right link
    right = chats.join(chat["id"])

    # Then it joins
    assert right.status == 200, right.body


def test_failures_from_a_shared_address_do_not_lock_out_other_chats_joined_from_it(chats, create_chat, rate_limit):
    # Given an address (an office, one NAT) that spent its failed-join budget on one chat
    rate_limit("join_failures_per_address", 2, 600)
    guessed, mine = create_chat()["id"], create_chat()["id"]
    assert [chats.join(guessed, "y" * 43).status for _ in range(3)] == [401, 401, 429]

    # When a customer behind the same address opens its own chat's link
    answer = chats.join(mine)

    # Then it joins
    assert answer.status == 200, answer.body


def test_an_open_page_renews_its_token_without_joining_even_when_joins_are_spent(chats, chat, session_api, rate_limit):
    # Given a customer's page holds a token, and a stranger spent the chat's failed-join budget
    token = chats.customer_token(chat["id"])
    rate_limit("join_failures_per_chat", 1, 600)
    chats.join(chat["id"], "x" * 43)

    # When the page renews its token with the token itself
    renewed = session_api.as_(token).at("/token")("POST")

    # Then it gets a fresh one for the same chat, which works
    assert renewed.status == 200, renewed.body
    assert renewed.body["session"]["id"] == chat["id"]
    assert session_api.as_(renewed.body["access_token"])("GET", query={"id": chat["id"]}).status == 200


def test_one_address_guessing_many_chats_is_stopped(chats, create_chat, rate_limit):
    # Given an address allowed 4 failed joins per 10 minutes, spread over many chats
    rate_limit("join_failures_per_address", 4, 600)
    targets = [create_chat()["id"] for _ in range(5)]

    answers = [chats.join(chat_id, "y" * 43).status for chat_id in targets]

    assert answers == [401, 401, 401, 401, 429]


def test_an_admin_creating_chats_in_a_burst_is_limited(session_api, rate_limit):
    rate_limit("create_per_admin", 2, 60)

    answers = [session_api("POST", body={"customer_name": f"Burst {n}"}) for n in range(3)]

    assert [a.status for a in answers] == [201, 201, 429]
    assert 1 <= int(answers[2].headers["Retry-After"]) <= 60


def test_an_admin_rotating_links_in_a_burst_is_limited(session_api, chat, rate_limit):
    rate_limit("rotate_per_admin", 1, 60)

    answers = [session_api.at("/rotate-link")("POST", body={"chat_id": chat["id"]}) for _ in range(2)]

    assert [a.status for a in answers] == [200, 429]


def test_a_caller_reading_in_a_burst_is_limited_and_others_are_not(message_api, chat, customer_token, rate_limit):
    # Given a read budget of 3 per minute, which the chat's customer spends
    rate_limit("read_per_caller", 3, 60)
    customer = message_api.as_(customer_token(chat["id"]))
    answers = [customer("GET", query={"chatId": chat["id"]}).status for _ in range(4)]

    # Then its fourth read waits, and the admin still reads
    assert answers == [200, 200, 200, 429]
    assert message_api("GET", query={"chatId": chat["id"]}).status == 200


def _route_calls(session_api, message_api, chats, chat, admin_id):
    """(budget, a call that spends it) for every route that writes, sends or costs (item 9)."""
    from chat_core.auth import unsubscribe_token

    token = unsubscribe_token("admin", admin_id, uuid.UUID(chat["id"]))
    return {
        "invite_per_owner": lambda: session_api.at("/team")(
            "POST", body={"email": f"limit-{uuid.uuid4().hex[:8]}@chat.test", "display_name": "Limit"}
        ),
        "customer_export_per_owner": lambda: session_api.at("/customer-data")("POST", body={"email": "no@example.com"}),
        "erase_per_owner": lambda: session_api.at("/customer-data/erase")("POST", body={"email": "no@example.com"}),
        "unsubscribe_per_recipient": lambda: session_api.as_(None).at("/unsubscribe")("GET", query={"token": token}),
        "link_per_admin": lambda: session_api.at("/link")("GET", query={"id": chat["id"]}),
        "close_per_admin": lambda: session_api("DELETE", query={"id": chat["id"]}),
        "reopen_per_admin": lambda: session_api.at("/reopen")("POST", body={"chat_id": chat["id"]}),
        "assign_per_admin": lambda: session_api.at("/assign")(
            "POST", body={"chat_id": chat["id"], "assignee_id": None}
        ),
        "online_per_admin": lambda: session_api.at("/online")("POST", body={"online": True}),
        "push_subscription_per_caller": lambda: session_api.at("/push-subscriptions")(
            "DELETE", query={"endpoint": "https://fcm.googleapis.com/fcm/send/none"}
        ),
        "team_update_per_owner": lambda: session_api.at("/team")(
            "PATCH", body={"user_id": admin_id, "display_name": "Test Admin"}
        ),
        "preferences_per_admin": lambda: session_api.at("/me")("PATCH", body={"email_notifications": "all"}),
        "save_reply_per_admin": lambda: message_api.at("/replies")(
            "POST", body={"title": f"Limit {uuid.uuid4().hex[:8]}", "body": "Saved"}
        ),
        "transcript_per_caller": lambda: message_api.at("/transcript")("GET", query={"chatId": chat["id"]}),
        "join_per_chat": lambda: chats.join(chat["id"]),
        "renew_per_chat": lambda: session_api.as_(chats.customer_token(chat["id"])).at("/token")("POST"),
    }


ROUTE_BUDGETS = [
    "invite_per_owner",
    "customer_export_per_owner",
    "erase_per_owner",
    "unsubscribe_per_recipient",
    "link_per_admin",
    "close_per_admin",
    "reopen_per_admin",
    "assign_per_admin",
    "online_per_admin",
    "push_subscription_per_caller",
    "team_update_per_owner",
    "preferences_per_admin",
    "save_reply_per_admin",
    "transcript_per_caller",
    "join_per_chat",
    "renew_per_chat",
]


@pytest.mark.parametrize("budget", ROUTE_BUDGETS)
def test_every_route_that_writes_sends_or_costs_has_a_budget(
    session_api, message_api, chats, chat, admin_session, rate_limit, db, budget
):
    # Given the route's budget is one call in ten minutes, nothing spent, and its caller has a token
    call = _route_calls(session_api, message_api, chats, chat, admin_session["user"]["id"])[budget]
    chats.customer_token(chat["id"])
    rate_limit(budget, 1, 600)
    db.execute("delete from chat_private.rate_events")

    # When it is called twice
    first, second = call(), call()

    # Then the second waits, and is told how long
    assert first.status < 429, first.body
    assert (second.status, second.error_code) == (429, "rate_limited")
    assert 1 <= int(second.headers["Retry-After"]) <= 600


def test_invitations_are_limited_per_team_whichever_owner_sends_them(session_api, new_admin, rate_limit):
    # Given a team allowed one invitation an hour, and two owners
    _, other_owner = new_admin("owner")
    rate_limit("invite_per_team", 1, 3600)

    def invite(api):
        return api.at("/team")("POST", body={"email": f"t-{uuid.uuid4().hex[:8]}@chat.test", "display_name": "T"})

    # When each invites someone
    first, second = invite(session_api), invite(session_api.as_(other_owner))

    # Then the second owner's waits: the team's hour is spent
    assert first.status == 201 and second.status == 429


def test_a_customer_taking_upload_tickets_never_stops_the_admin_attaching(chats, chat, message_api, rate_limit):
    # Given a chat whose customer spent its upload budget
    rate_limit("upload_per_chat", 2, 600)
    customer = message_api.as_(chats.customer_token(chat["id"]))
    body = {"chat_id": chat["id"], "file_name": "a.txt", "content_type": "text/plain", "size": 5}
    spent = [customer.at("/uploads")("POST", body=body).status for _ in range(3)]

    # When the admin attaches a file in that chat
    admins = message_api.at("/uploads")("POST", body=body)

    # Then the admin gets its ticket: each side has its own budget
    assert spent == [201, 201, 429]
    assert admins.status == 201, admins.body
