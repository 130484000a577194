"""Nothing lost: the outbox, Realtime joins, drops and gaps, tokens that expire."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    DESKTOP,
    PHONE,
    SENDS,
    customer_link,
    live_customer_page,
    messages_in,
    sign_in,
    write,
)


def test_both_pages_join_their_private_channel_at_the_first_attempt(open_page, local_stack, chats, admin_credentials):
    # Given every Realtime reply either page receives, recorded
    refusals = []

    def record(page: Any) -> None:
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda frame: (
                    refusals.append(frame) if '"phx_reply"' in str(frame) and '"error"' in str(frame) else None
                ),
            ),
        )

    chat = chats.create(name="First Try")

    # When the customer's page and the dashboard open
    customer = open_page(customer_link(local_stack, chats, chat), before=record)
    expect(customer.get_by_text("Live")).to_be_visible()
    dashboard = open_page(f"{local_stack.web_url}/admin/", before=record)

    sign_in(dashboard, admin_credentials)

    # Then no join was refused (a join sent before the token is known would be)
    assert refusals == []


def test_a_message_whose_answer_is_lost_is_sent_again_and_stored_once(open_page, local_stack, chats, stored_messages):
    # Given a customer page whose first send reaches the API but whose answer never comes back
    chat = chats.create(name="Lost Answer")
    sent_ids = []

    def lose_the_first_answer(route: Any) -> None:
        sent_ids.append(json.loads(route.request.post_data)["client_msg_id"])
        response = route.fetch()  # stored on the server
        if len(sent_ids) == 1:
            route.abort()
        else:
            route.fulfill(response=response)

    page = live_customer_page(
        open_page, customer_link(local_stack, chats, chat), on_send=lose_the_first_answer, tolerate=("net::ERR_FAILED",)
    )

    # When the customer sends
    write(page, "did you get this?")

    # Then it ends shown once as sent and stored once: either Realtime told the page it was
    # stored, or the page sent it again with the same id; nothing is left to send
    expect(page.locator(".message.mine")).to_contain_text("Sent", timeout=10_000)
    expect(page.get_by_text("Sending…")).to_have_count(0)
    for _ in range(50):  # wait_for_function would poll by eval, which the page's CSP forbids
        if page.evaluate(f"localStorage.getItem('chat-outbox:{chat['id']}')") is None:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(f"localStorage.getItem('chat-outbox:{chat['id']}')") is None
    assert len(set(sent_ids)) == 1
    assert [row["content"] for row in stored_messages(chat["id"])] == ["did you get this?"]
    assert messages_in(page) == ["did you get this?"]


def test_an_unsent_message_survives_a_reload(open_page, local_stack, chats, stored_messages):
    # Given a customer page that cannot reach the API to send
    chat = chats.create(name="Offline Sender")
    page = open_page(customer_link(local_stack, chats, chat), tolerate=("net::ERR_FAILED",))
    expect(page.get_by_text("Live")).to_be_visible()
    page.route(SENDS, lambda route: route.abort() if route.request.method == "POST" else route.fallback())
    write(page, "written while offline")
    expect(page.get_by_text("Sending…")).to_be_visible()

    # When the page is reloaded, still offline, and then the API is reachable again
    page.reload()
    expect(page.get_by_role("log")).to_contain_text("written while offline")
    expect(page.get_by_text("Sending…")).to_be_visible()
    page.unroute(SENDS)

    # Then the message is sent, once
    expect(page.get_by_text("Sending…")).to_have_count(0, timeout=20_000)
    assert [row["content"] for row in stored_messages(chat["id"])] == ["written while offline"]


def test_a_refused_message_can_be_retried_with_its_own_id(open_page, local_stack, chats, stored_messages):
    # Given a customer page whose first send the API refuses for good
    chat = chats.create(name="Refused Once")
    sent_ids = []

    def refuse_the_first(route: Any) -> None:
        sent_ids.append(json.loads(route.request.post_data)["client_msg_id"])
        if len(sent_ids) == 1:
            route.fulfill(
                status=422,
                json={"error": {"code": "validation_failed", "message": "not this time"}},
                headers={"Access-Control-Allow-Origin": local_stack.web_url},
            )
        else:
            route.fallback()

    page = live_customer_page(
        open_page,
        customer_link(local_stack, chats, chat),
        on_send=refuse_the_first,
        refused=True,
        tolerate=("status of 422",),
    )
    write(page, "second time lucky")

    # When it shows as failed and the customer presses Retry
    expect(page.get_by_text("Please check what you entered.")).to_be_visible()  # plain words, not the API's
    page.get_by_role("button", name="Retry").click()

    # Then it is sent with the same id, and stored once
    expect(page.locator(".message.mine")).to_contain_text("Sent")
    assert len(sent_ids) == 2 and sent_ids[0] == sent_ids[1]
    assert [row["content"] for row in stored_messages(chat["id"])] == ["second time lucky"]


def test_a_reused_message_id_fails_that_message_and_leaves_the_chat_open(open_page, local_stack, chats):
    # Given a message stored under an id, and a customer page whose next send carries that id
    # with other words (as an outbox restored from an older tab can)
    chat = chats.create(name="Reused Id")
    taken = str(uuid.uuid4())
    assert chats.send(chat["id"], "the first words", client_msg_id=taken).status == 201

    def reuse_the_id(route):
        if route.request.method != "POST":
            return route.fallback()
        body = json.loads(route.request.post_data or "{}")
        return route.continue_(post_data=json.dumps({**body, "client_msg_id": taken}))

    page = live_customer_page(
        open_page, customer_link(local_stack, chats, chat), on_send=reuse_the_id, tolerate=("status of 409",)
    )

    # When the customer sends
    write(page, "other words")

    # Then that message fails, in words that say why, and the chat is still open (a 409 is not
    # always a closed chat: the page reads the refusal's code)
    expect(page.get_by_text("This message was already sent with different text. Write it again.")).to_be_visible()
    expect(page.get_by_text("This chat has been closed")).to_have_count(0)
    expect(page.get_by_label("Your message")).to_be_enabled()


def test_nothing_is_lost_when_the_socket_drops(open_page, local_stack, chats):
    # Given the customer's page live on its chat
    chat = chats.create(name="Flaky Network")
    page = open_page(customer_link(local_stack, chats, chat))
    expect(page.get_by_text("Live")).to_be_visible()
    chats.send(chat["id"], "before the drop", sender="admin")
    expect(page.get_by_role("log")).to_contain_text("before the drop")

    # When the gateway drops every socket and messages are sent meanwhile
    local_stack.drop_realtime_connections()
    for n in range(5):
        chats.send(chat["id"], f"while away {n}", sender="admin")

    # Then after the reconnect every message is there, once, in order
    expect(page.get_by_role("log")).to_contain_text("while away 4", timeout=20_000)
    assert messages_in(page) == ["before the drop"] + [f"while away {n}" for n in range(5)]


def test_every_message_shows_though_realtime_dropped_some_over_the_projects_rate(
    open_page, local_stack, chats, realtime_limits
):
    # Given the customer's page live on its chat, on a project allowing 2 events a second
    chat = chats.create(name="Busy Project")
    page = open_page(customer_link(local_stack, chats, chat))
    expect(page.get_by_text("Live")).to_be_visible()
    dropped_before = local_stack.realtime_dropped_changes
    with realtime_limits(max_events_per_second=2, rate_counter_tick=0.5):
        for n in range(4):
            chats.send(chat["id"], f"burst {n}", sender="admin")
        expect(page.get_by_role("log")).to_contain_text("burst 3")
        time.sleep(0.6)  # the counter ticks: the project is over its rate

        # When Realtime drops the changes that follow, silently
        for n in range(3):
            chats.send(chat["id"], f"dropped {n}", sender="admin")
        deadline = time.monotonic() + 20
        while local_stack.realtime_changes_over_rate and time.monotonic() < deadline:
            time.sleep(0.1)  # until the average falls under the limit again
        assert local_stack.realtime_dropped_changes > dropped_before
        chats.send(chat["id"], "after the burst", sender="admin")

        # Then the next live message shows the gap and the page fills it at once
        expect(page.get_by_role("log")).to_contain_text("after the burst")
        expect(page.get_by_role("log")).to_contain_text("dropped 2")
    expected = [f"burst {n}" for n in range(4)] + [f"dropped {n}" for n in range(3)] + ["after the burst"]
    assert messages_in(page) == expected


def test_a_message_sent_while_realtime_is_still_subscribing_arrives(
    open_page, local_stack, chats, realistic_realtime_delay
):
    # Given the customer's page joined its channel, Realtime still creating the database
    # subscription (1-3 s on a hosted project)
    chat = chats.create(name="Early Bird")
    page = open_page(customer_link(local_stack, chats, chat))
    expect(page.get_by_text("Connecting…")).to_be_visible()

    # When support writes in that gap, which Realtime will never deliver
    chats.send(chat["id"], "sent in the gap", sender="admin")

    # Then the page shows it once changes flow, from its backfill
    expect(page.get_by_text("Live")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("log")).to_contain_text("sent in the gap")
    assert messages_in(page) == ["sent in the gap"]


def test_a_page_whose_token_expired_comes_back_when_renewal_works_again(open_page, local_stack, chats):
    # Given a customer page whose first token lives three seconds, and whose renewals fail
    chat = chats.create(name="Expired Token")
    key = jwt.PyJWK(local_stack.signing_jwk)
    renewals = {"blocked": True, "joins": 0}

    def join(route: Any) -> None:
        renewals["joins"] += 1
        if renewals["blocked"] and renewals["joins"] > 1:
            route.abort()
            return
        response = route.fetch()
        body = response.json()
        if renewals["blocked"]:
            claims = jwt.decode(body["access_token"], options={"verify_signature": False})
            claims["exp"] = int(time.time()) + 3
            body["access_token"] = jwt.encode(
                claims, key.key, algorithm="ES256", headers={"kid": local_stack.signing_jwk["kid"]}
            )
            body["expires_at"] = datetime.fromtimestamp(claims["exp"], UTC).isoformat()
        route.fulfill(response=response, json=body)

    def renew(route: Any) -> None:
        if renewals["blocked"]:
            route.abort()
        else:
            route.continue_()

    def block_renewals(page: Any) -> None:
        page.route("**/chat-session/join", join)
        page.route("**/chat-session/token", renew)

    page = open_page(customer_link(local_stack, chats, chat), tolerate=("net::ERR_FAILED",), before=block_renewals)
    expect(page.get_by_text("Live")).to_be_visible()

    # When the token expires (Realtime closes the channel) and messages come while it cannot renew
    expect(page.get_by_text("Reconnecting…")).to_be_visible(timeout=10_000)
    for n in range(3):
        chats.send(chat["id"], f"while expired {n}", sender="admin")
    renewals["blocked"] = False

    # Then once renewal works the page is live again and shows everything, once, in order
    expect(page.get_by_role("log")).to_contain_text("while expired 2", timeout=30_000)
    expect(page.get_by_text("Live")).to_be_visible()
    assert messages_in(page) == [f"while expired {n}" for n in range(3)]
    chats.send(chat["id"], "back in business", sender="admin")
    expect(page.get_by_role("log")).to_contain_text("back in business")


def test_the_customers_token_is_renewed_before_it_expires(open_page, local_stack, chats, functions_deployed_with):
    # Given the functions deployed with customer tokens that live one minute (the page renews a
    # minute early, at the soonest after 5 s)
    functions_deployed_with(CUSTOMER_TOKEN_TTL_SECONDS="60")
    chat = chats.create(name="Renewal")
    page = open_page(customer_link(local_stack, chats, chat))
    expect(page.get_by_text("Live")).to_be_visible(timeout=15_000)  # the redeployed function starts cold

    joins = []
    page.on("request", lambda request: joins.append(request.url) if request.url.endswith("/join") else None)

    # When the renewal comes due, the page renews its token with the token itself
    with page.expect_response(lambda r: r.url.endswith("/chat-session/token"), timeout=15_000) as renewal:
        pass
    assert renewal.value.status == 200
    assert joins == []  # no join: a stranger's failed joins could not have locked it out
    chats.send(chat["id"], "after the renewal", sender="admin")

    # Then the conversation goes on live
    expect(page.get_by_role("log")).to_contain_text("after the renewal")


def test_the_connection_says_offline_at_once_and_live_only_when_caught_up(
    open_page, local_stack, chats, admin_credentials
):
    # Given the dashboard live, with two chats (the browser logs the requests the network refuses)
    dashboard = sign_in(
        open_page(f"{local_stack.web_url}/admin/", tolerate=("ERR_INTERNET_DISCONNECTED",)), admin_credentials
    )
    first, second = chats.create(name="Offline One"), chats.create(name="Offline Two")
    dashboard.locator(f"[data-chat-id='{first['id']}']").click()
    expect(dashboard.get_by_role("log")).to_have_text("No messages yet. Say hello!")

    # When the network goes away, it says so at once; what fails meanwhile says why
    dashboard.context.set_offline(True)
    expect(dashboard.locator("#live")).to_have_text("Offline", timeout=2_000)
    dashboard.locator(f"[data-chat-id='{second['id']}']").click()
    banner = dashboard.get_by_role("alert")
    expect(banner).to_contain_text("cannot be reached")
    chats.send(second["id"], "sent while you were offline")

    # When it comes back: live again once caught up, the message there, the banner gone by itself
    dashboard.context.set_offline(False)
    expect(dashboard.locator("#live")).to_have_text("Live", timeout=20_000)
    expect(dashboard.get_by_role("log")).to_contain_text("sent while you were offline")
    expect(banner).to_have_count(0)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_both_pages_say_reconnecting_within_seconds_of_the_server_going_away(
    open_page, admin_page, local_stack, chats, viewport
):
    # Given a customer's page and the dashboard, live
    chat = chats.create(name="Server Gone")
    customer = open_page(customer_link(local_stack, chats, chat), viewport)
    dashboard = admin_page(viewport)
    statuses = [customer.locator("#live"), dashboard.locator("#live")]
    for status in statuses:
        expect(status).to_have_text("Live")

    # When the Realtime server closes every socket (as it does when it stops)
    local_stack.drop_realtime_connections()

    # Then within 3 seconds each page says so, set apart from the quiet "Live"; then live again
    for status in statuses:
        expect(status).to_have_text("Reconnecting…", timeout=3_000)
        expect(status).to_have_class(re.compile(r"\breconnecting\b"), timeout=3_000)
    for status in statuses:
        expect(status).to_have_text("Live", timeout=20_000)
