"""The admin dashboard and the customer page, driven in Chromium like people use them."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jwt
import pytest
import requests
from conftest import invitation_link, png_image
from playwright.sync_api import expect

from local.admins import create_admin
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_violations, sign_in
from tools.pages import content_security_policy, security_headers


def _customer_link(local_stack, chats, chat) -> str:
    """The link the chat's customer was given (its capability in the fragment)."""
    return f"{local_stack.web_url}/chat?chatId={chat['id']}#token={chats.capabilities[chat['id']]}"


def messages_in(page) -> list[str]:
    return page.locator("[role=log] .message .content").all_inner_texts()


def test_admin_and_customer_talk_live_both_ways(admin_page, open_page, create_chat_from_dashboard):
    # Given the admin created a chat and the customer opened its link
    admin = admin_page()
    link = create_chat_from_dashboard(admin, "Ada Lovelace", "ada@example.com")
    customer = open_page(link)
    expect(customer.get_by_text("Live")).to_be_visible()

    # When each writes (Enter sends)
    customer.get_by_label("Your message").fill("Hi, my order is late")
    customer.get_by_label("Your message").press("Enter")
    expect(admin.get_by_role("log")).to_contain_text("Hi, my order is late")
    admin.get_by_label("Your reply").fill("Sorry! Checking now.")
    admin.get_by_label("Your reply").press("Enter")

    # Then the other side shows it without a reload, in order, once
    expect(customer.get_by_role("log")).to_contain_text("Sorry! Checking now.")
    assert messages_in(customer) == ["Hi, my order is late", "Sorry! Checking now."]
    assert messages_in(admin) == ["Hi, my order is late", "Sorry! Checking now."]


def test_the_link_token_leaves_the_address_bar_and_survives_a_refresh(
    admin_page, open_page, create_chat_from_dashboard
):
    link = create_chat_from_dashboard(admin_page(), "Refresh Test", "r@example.com")
    customer = open_page(link)
    expect(customer.get_by_text("Live")).to_be_visible()

    assert "token" not in customer.url and urlparse(customer.url).fragment == ""
    customer.reload()
    expect(customer.get_by_text("Live")).to_be_visible()
    expect(customer.get_by_label("Your message")).to_be_enabled()

    # And the address, bookmarked or opened in a new tab of the same browser, opens the chat too
    another_tab = customer.context.new_page()
    another_tab.goto(customer.url)
    expect(another_tab.get_by_text("Live")).to_be_visible()
    expect(another_tab.get_by_label("Your message")).to_be_enabled()


def test_an_admin_can_copy_the_same_link_again_later(admin_page, open_page, create_chat_from_dashboard):
    # Given a chat whose link dialog was closed before anyone copied the link
    dashboard = admin_page()
    link = create_chat_from_dashboard(dashboard, "Lost Link", "l@example.com")

    # When the admin asks for it again
    dashboard.get_by_role("button", name="Show link").click()

    # Then the same link shows, and it still opens the chat
    expect(dashboard.get_by_label("Customer link")).to_have_value(link)
    dashboard.get_by_role("button", name="Done").click()
    customer = open_page(link)
    expect(customer.get_by_text("Live")).to_be_visible()


def test_shift_enter_writes_a_new_line(admin_page, open_page, create_chat_from_dashboard):
    customer = open_page(create_chat_from_dashboard(admin_page(), "Lines", "l@example.com"))
    box = customer.get_by_label("Your message")
    expect(customer.get_by_text("Live")).to_be_visible()

    box.type("first line")
    box.press("Shift+Enter")
    box.type("second line")
    box.press("Enter")

    expect(customer.get_by_role("log")).to_contain_text("second line")
    assert messages_in(customer) == ["first line\nsecond line"]


def test_closing_asks_first_and_reopening_lets_the_customer_write_again(
    admin_page, open_page, create_chat_from_dashboard
):
    # Given a customer on the page of a chat the admin has open
    admin = admin_page()
    customer = open_page(create_chat_from_dashboard(admin, "Closing Time", "c@example.com"))
    expect(customer.get_by_text("Live")).to_be_visible()

    # When the admin presses Close chat, it is asked first; cancelling changes nothing
    admin.get_by_role("button", name="Close chat").click()
    dialog = admin.get_by_role("dialog", name="Close this chat?")
    expect(dialog).to_contain_text("Closing Time can still read it but can no longer write")
    dialog.get_by_role("button", name="Cancel").click()
    expect(admin.get_by_label("Your reply")).to_be_enabled()

    # When it confirms, both sides see it closed, the boxes say why, and no new link is offered
    admin.get_by_role("button", name="Close chat").click()
    admin.get_by_role("dialog").get_by_role("button", name="Close chat").click()
    expect(customer.get_by_text("This chat has been closed")).to_be_visible()
    expect(customer.get_by_label("Your message")).to_be_disabled()
    expect(customer.get_by_label("Your message")).to_have_attribute("placeholder", "This chat is closed.")
    expect(admin.get_by_label("Your reply")).to_have_attribute(
        "placeholder", "This chat is closed. Reopen it to reply."
    )
    expect(admin.get_by_role("button", name="New link")).to_have_count(0)

    # When the admin reopens it, the customer can write again, live
    admin.get_by_role("button", name="Reopen chat").click()
    expect(customer.get_by_label("Your message")).to_be_enabled()
    expect(customer.get_by_text("This chat has been closed")).to_have_count(0)
    customer.get_by_label("Your message").fill("back again")
    customer.keyboard.press("Enter")
    expect(admin.get_by_role("log")).to_contain_text("back again")


def test_a_new_link_is_made_only_after_saying_the_old_one_stops_working(
    admin_page, open_page, create_chat_from_dashboard
):
    admin = admin_page()
    old_link = create_chat_from_dashboard(admin, "Link Keeper", "k@example.com")

    # When the admin asks for a new link, it is told what happens to the old one first
    admin.get_by_role("button", name="New link").click()
    dialog = admin.get_by_role("dialog", name="Make a new link?")
    expect(dialog).to_contain_text("The current link stops working at once")
    dialog.get_by_role("button", name="Cancel").click()

    # Then, cancelled, the old link still opens the chat
    customer = open_page(old_link)
    expect(customer.get_by_text("Live")).to_be_visible()

    # And confirmed, a new link is shown
    admin.get_by_role("button", name="New link").click()
    admin.get_by_role("dialog").get_by_role("button", name="Make a new link").click()
    expect(admin.get_by_label("Customer link")).not_to_have_value(old_link)


def test_a_new_chat_appears_on_another_dashboard_without_reload(admin_page, chats):
    dashboard = admin_page()

    chats.create(name="Walk-in Customer")

    expect(dashboard.locator(".sessions")).to_contain_text("Walk-in Customer")


def test_unread_badge_and_search(admin_page, chats):
    dashboard = admin_page()
    chat = chats.create(name="Badge Person", email="badge@example.com")
    chats.send(chat["id"], "one")
    chats.send(chat["id"], "two")

    row = dashboard.locator(f"[data-chat-id='{chat['id']}']")
    expect(row.get_by_label("2 unread")).to_be_visible()
    dashboard.get_by_label("Search names, emails and messages").fill("badge@example")
    expect(dashboard.locator(".sessions li")).to_have_count(1)
    row.click()
    expect(row.get_by_label("2 unread")).to_have_count(0)


def test_a_row_shows_its_last_activity_and_a_search_without_matches_says_so(admin_page, chats):
    # Given a chat whose customer just wrote
    dashboard = admin_page()
    chat = chats.create(name="Timely Person")
    sent = chats.send(chat["id"], "what time is it?").body["message"]["created_at"]

    # Then its row shows when, with the exact time for machines and on hover
    activity = dashboard.locator(f"[data-chat-id='{chat['id']}'] time.activity")
    assert _eventually(
        lambda: datetime.fromisoformat(activity.get_attribute("datetime")) == datetime.fromisoformat(sent)
    )
    expect(activity).to_have_attribute("title", re.compile(r"\d{4}"))

    # And a search nothing matches says so, rather than that there are no chats
    dashboard.get_by_label("Search names, emails and messages").fill("nobody by this name")
    expect(dashboard.get_by_text("No chats match.")).to_be_visible()


def test_unread_counts_agree_between_two_browsers_of_the_same_admin(admin_page, chats):
    # Given the same admin's dashboard open in two browsers, and two messages from a customer
    first, second = admin_page(), admin_page()
    chat = chats.create(name="Two Browsers")
    chats.send(chat["id"], "one")
    chats.send(chat["id"], "two")
    rows = [page.locator(f"[data-chat-id='{chat['id']}']") for page in (first, second)]
    for row in rows:
        expect(row.get_by_label("2 unread")).to_be_visible()

    # When the admin reads the chat in the first browser
    rows[0].click()
    expect(first.get_by_role("log")).to_contain_text("two")

    # Then the second browser's badge clears too, live, and stays cleared after a reload
    expect(rows[1].get_by_label("2 unread")).to_have_count(0)
    second.reload()
    expect(second.locator(f"[data-chat-id='{chat['id']}']")).to_be_visible()
    expect(second.locator(f"[data-chat-id='{chat['id']}']").locator(".badge")).to_have_count(0)


def test_history_loads_upward_on_scroll(admin_page, chats, send_rate_limit):
    send_rate_limit(1000, 1)
    chat = chats.create(name="Long Story")
    for n in range(1, 61):
        chats.send(chat["id"], f"message {n}", sender="admin" if n % 2 else "customer")
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    log = dashboard.get_by_role("log")
    expect(log.locator(".message")).to_have_count(50)

    log.evaluate("element => element.scrollTo(0, 0)")

    expect(log.locator(".message")).to_have_count(60)
    texts = messages_in(dashboard)
    assert texts == [f"message {n}" for n in range(1, 61)]


def test_scrolling_up_after_switching_chats_shows_only_the_open_chats_history(admin_page, chats, send_rate_limit):
    # Given two long chats, A and B, and an admin who opened A and then B
    send_rate_limit(1000, 1)
    chat_a, chat_b = chats.create(name="First Long Chat"), chats.create(name="Second Long Chat")
    for n in range(1, 61):
        chats.send(chat_a["id"], f"A says {n}", sender="admin")
        chats.send(chat_b["id"], f"B says {n}")
    dashboard = admin_page()
    log = dashboard.get_by_role("log")
    dashboard.locator(f"[data-chat-id='{chat_a['id']}']").click()
    expect(log.locator(".message")).to_have_count(50)
    dashboard.locator(f"[data-chat-id='{chat_b['id']}']").click()
    expect(log).to_contain_text("B says 60")

    # When the admin scrolls B's conversation to the top
    log.evaluate("element => element.scrollTo(0, 0)")

    # Then B's older history loads under B's title, and nothing of A's appears
    expect(log.locator(".message")).to_have_count(60)
    expect(dashboard.get_by_role("heading", name="Second Long Chat")).to_be_visible()
    assert messages_in(dashboard) == [f"B says {n}" for n in range(1, 61)]


def test_a_new_message_adds_one_node_and_touches_no_other(open_page, local_stack, chats):
    # Given the customer's page showing a conversation, watched for any change to its list
    chat = chats.create(name="Mutation Watch")
    for n in range(3):
        chats.send(chat["id"], f"earlier {n}", sender="admin")
    page = open_page(_customer_link(local_stack, chats, chat))
    expect(page.get_by_text("Live")).to_be_visible()
    expect(page.get_by_role("log").locator(".message")).to_have_count(3)
    page.evaluate("""() => {
        window.changes = []
        new MutationObserver((records) => window.changes.push(...records.map((r) => ({
            type: r.type, target: r.target.id || r.target.nodeName,
            added: [...r.addedNodes].map((n) => n.dataset?.seq ?? n.nodeName),
            removed: r.removedNodes.length, attribute: r.attributeName }))))
          .observe(document.querySelector('[role=log]'),
                   { subtree: true, childList: true, attributes: true, characterData: true })
    }""")

    # When a new message arrives
    chats.send(chat["id"], "the new one", sender="admin")
    expect(page.get_by_role("log")).to_contain_text("the new one")

    # Then the only change to the list is that message's node, added once
    assert page.evaluate("window.changes") == [
        {"type": "childList", "target": "messages", "added": ["4"], "removed": 0, "attribute": None}
    ]


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
    customer = open_page(_customer_link(local_stack, chats, chat), before=record)
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

    page = open_page(
        _customer_link(local_stack, chats, chat),
        tolerate=("net::ERR_FAILED",),
        before=lambda p: p.route(re.compile(r".*/chat-message$"), lose_the_first_answer),
    )
    expect(page.get_by_text("Live")).to_be_visible()

    # When the customer sends
    page.get_by_label("Your message").fill("did you get this?")
    page.get_by_label("Your message").press("Enter")

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
    page = open_page(_customer_link(local_stack, chats, chat), tolerate=("net::ERR_FAILED",))
    expect(page.get_by_text("Live")).to_be_visible()
    page.route(
        re.compile(r".*/chat-message$"),
        lambda route: route.abort() if route.request.method == "POST" else route.fallback(),
    )
    page.get_by_label("Your message").fill("written while offline")
    page.get_by_label("Your message").press("Enter")
    expect(page.get_by_text("Sending…")).to_be_visible()

    # When the page is reloaded, still offline, and then the API is reachable again
    page.reload()
    expect(page.get_by_role("log")).to_contain_text("written while offline")
    expect(page.get_by_text("Sending…")).to_be_visible()
    page.unroute(re.compile(r".*/chat-message$"))

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

    page = open_page(
        _customer_link(local_stack, chats, chat),
        refused=True,
        tolerate=("status of 422",),
        before=lambda p: p.route(re.compile(r".*/chat-message$"), refuse_the_first),
    )
    expect(page.get_by_text("Live")).to_be_visible()
    page.get_by_label("Your message").fill("second time lucky")
    page.get_by_label("Your message").press("Enter")

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

    page = open_page(
        _customer_link(local_stack, chats, chat),
        tolerate=("status of 409",),
        before=lambda p: p.route(re.compile(r".*/chat-message$"), reuse_the_id),
    )
    expect(page.get_by_text("Live")).to_be_visible()

    # When the customer sends
    page.get_by_label("Your message").fill("other words")
    page.get_by_label("Your message").press("Enter")

    # Then that message fails, in words that say why, and the chat is still open (a 409 is not
    # always a closed chat: the page reads the refusal's code)
    expect(page.get_by_text("This message was already sent with different text. Write it again.")).to_be_visible()
    expect(page.get_by_text("This chat has been closed")).to_have_count(0)
    expect(page.get_by_label("Your message")).to_be_enabled()


def test_a_broken_link_says_so(open_page, local_stack, chat):
    page = open_page(f"{local_stack.web_url}/chat?chatId={chat['id']}#token={'x' * 43}", refused=True)

    expect(page.get_by_role("heading", name="This chat link doesn't work")).to_be_visible()


def test_a_rotated_link_stops_working_in_the_browser(open_page, local_stack, chats, session_api):
    chat = chats.create(name="Rotated")
    old_link = _customer_link(local_stack, chats, chat)
    session_api.at("/rotate-link")("POST", body={"chat_id": chat["id"]})

    page = open_page(old_link, refused=True)

    expect(page.get_by_text("replaced by a newer link")).to_be_visible()


def test_another_chats_customer_sees_nothing_even_with_a_crafted_filter(open_page, local_stack, chats, customer_token):
    # Given customer B's page, and in it a subscription crafted for chat A's rows, on the one
    # channel B's token may join
    chat_a, chat_b = chats.create(name="A")["id"], chats.create(name="B")["id"]
    page_b = open_page(f"{local_stack.web_url}/chat?chatId={chat_b}#token={chats.capabilities[chat_b]}")
    expect(page_b.get_by_text("Live")).to_be_visible()
    page_b.evaluate(
        """([url, key, token, chatA, chatB]) => new Promise((resolve) => {
            window.crafted = []
            const client = window.supabase.createClient(url, key, { accessToken: async () => token })
            client.channel(`chat:${chatB}`, { config: { private: true } }).on('postgres_changes',
              { event: '*', schema: 'public', table: 'chat_messages', filter: `chat_id=eq.${chatA}` },
              (change) => window.crafted.push(change.new))
              .on('system', {}, (message) => message.extension === 'postgres_changes' && resolve())
              .subscribe()
        })""",
        [local_stack.supabase_url, local_stack.keys.publishable, customer_token(chat_b), chat_a, chat_b],
    )

    # When A's conversation goes on, then B writes in its own chat
    chats.send(chat_a, "secret of A")
    chats.send(chat_a, "reply in A", sender="admin")
    chats.send(chat_b, "B's own words", sender="admin")

    # Then B's page shows only its own chat, and the crafted subscription received nothing
    expect(page_b.get_by_role("log")).to_contain_text("B's own words")
    assert "secret of A" not in page_b.get_by_role("log").inner_text()
    assert page_b.evaluate("window.crafted") == []


def test_nothing_is_lost_when_the_socket_drops(open_page, local_stack, chats):
    # Given the customer's page live on its chat
    chat = chats.create(name="Flaky Network")
    page = open_page(_customer_link(local_stack, chats, chat))
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
    page = open_page(_customer_link(local_stack, chats, chat))
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
    page = open_page(_customer_link(local_stack, chats, chat))
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

    page = open_page(_customer_link(local_stack, chats, chat), tolerate=("net::ERR_FAILED",), before=block_renewals)
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_at_desktop_and_phone_width(admin_page, open_page, local_stack, chats, screenshot, scheme):
    chat = chats.create(name="Screenshot Customer", email="shot@example.com")
    chats.send(chat["id"], "Hello! I have a question about my invoice, see https://example.com/invoice/42")
    chats.send(chat["id"], "Of course, what would you like to know?", sender="admin")
    link = _customer_link(local_stack, chats, chat)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        admin = admin_page(viewport, scheme)
        admin.locator(f"[data-chat-id='{chat['id']}']").click()
        expect(admin.get_by_role("log")).to_contain_text("what would you like to know")
        customer = open_page(link, viewport, color_scheme=scheme)
        expect(customer.get_by_role("log")).to_contain_text("what would you like to know")
        expect(customer.get_by_text("Live")).to_be_visible()

        paths = [screenshot(admin, f"admin-{name}-{scheme}"), screenshot(customer, f"customer-{name}-{scheme}")]

        assert all(path.stat().st_size > 0 for path in paths)
        for page in (admin, customer):  # nothing wider than the screen; the theme the system asks for
            assert accessibility_violations(page) == []  # contrast included, in this theme and width
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
            assert _is_dark(background) is (scheme == "dark"), background


def _is_dark(css_color: str) -> bool:
    red, green, blue = (int(n) for n in re.findall(r"\d+", css_color)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128


# Controls a finger can hit on a phone, and headers that stay one line per row.
SMALL_TARGETS = """() => [...document.querySelectorAll('button, input, textarea, select, a[href]')]
  .filter((element) => element.getClientRects().length && getComputedStyle(element).visibility !== 'hidden'
    && !element.closest('.messages'))
  .filter((element) => element.getBoundingClientRect().height < 44)
  .map((element) => element.getAttribute('aria-label') || element.textContent.trim() || element.id)"""
WRAPPED_HEADER_ROWS = """() => [...document.querySelectorAll('.conversation > header > *')]
  .filter((row) => row.getBoundingClientRect().height > 48).map((row) => row.className)"""


def test_on_a_phone_every_control_is_44_px_and_no_header_wraps(admin_page, open_page, local_stack, chats):
    chat = chats.create(name="A customer with a rather long name indeed", email="long@example.com")
    dashboard = admin_page(PHONE)
    assert dashboard.evaluate(SMALL_TARGETS) == []
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard.get_by_role("heading", name=chat["customer_name"])).to_be_visible()
    assert (dashboard.evaluate(SMALL_TARGETS), dashboard.evaluate(WRAPPED_HEADER_ROWS)) == ([], [])

    customer = open_page(_customer_link(local_stack, chats, chat), PHONE)
    expect(customer.get_by_text("Live")).to_be_visible()
    assert (customer.evaluate(SMALL_TARGETS), customer.evaluate(WRAPPED_HEADER_ROWS)) == ([], [])


def test_the_customers_token_is_renewed_before_it_expires(open_page, local_stack, chats, functions_deployed_with):
    # Given the functions deployed with customer tokens that live one minute (the page renews a
    # minute early, at the soonest after 5 s)
    functions_deployed_with(CUSTOMER_TOKEN_TTL_SECONDS="60")
    chat = chats.create(name="Renewal")
    page = open_page(_customer_link(local_stack, chats, chat))
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


def test_the_dashboard_works_by_keyboard_alone(open_page, local_stack, admin_credentials):
    page = open_page(f"{local_stack.web_url}/admin/")
    # Sign in: the email field has focus; type, Tab, type, Enter
    page.keyboard.type(admin_credentials[0])
    page.keyboard.press("Tab")
    page.keyboard.type(admin_credentials[1])
    page.keyboard.press("Enter")
    expect(page.get_by_text("Live")).to_be_visible()

    # Tab to "New chat", open it, fill it in, create with Enter
    for _ in range(10):
        if page.evaluate("document.activeElement.id") == "new-chat":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.type("Keyboard Customer")
    page.keyboard.press("Tab")
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Enter")

    # The link dialog opens; Escape closes it and the reply box can be reached and used
    expect(page.get_by_label("Customer link")).to_have_value(re.compile("#token="))
    page.keyboard.press("Escape")
    page.get_by_label("Your reply").focus()
    page.keyboard.type("typed without a mouse")
    page.keyboard.press("Enter")
    expect(page.get_by_role("log")).to_contain_text("typed without a mouse")


def test_every_button_has_an_accessible_name(admin_page):
    page = admin_page()

    unnamed = page.evaluate("""() => [...document.querySelectorAll('button')]
        .filter((b) => !(b.getAttribute('aria-label') || b.textContent).trim()).map((b) => b.outerHTML)""")

    assert unnamed == []


def test_the_pages_work_under_the_security_headers_cloudfront_sends(open_page, local_stack, chats):
    # Given the pages' origin sending, on every file, the headers template.yaml makes CloudFront send
    expected = security_headers(
        content_security_policy(
            local_stack.api_url, local_stack.supabase_url, local_stack.attachments_settings()["ATTACHMENTS_S3_ENDPOINT"]
        )
    )
    chat = chats.create(name="Under Policy")
    served: list[Any] = []

    def watch(page: Any) -> None:
        page.on("response", lambda r: served.append(r) if r.url.startswith(local_stack.web_url) else None)

    # When the customer opens the link and writes (open_page fails on any CSP violation logged)
    page = open_page(_customer_link(local_stack, chats, chat), before=watch)
    expect(page.get_by_text("Live")).to_be_visible()
    page.get_by_label("Your message").fill("does this work under the policy?")
    page.keyboard.press("Enter")

    # Then the page works, and every file it loaded from its origin carried every header
    expect(page.get_by_role("log")).to_contain_text("does this work under the policy?")
    loaded = {urlparse(r.url).path for r in served}
    assert {"/chat", "/config.js", "/vendor/supabase.js", "/vendor/preact.mjs", "/shared/styles.css"} <= loaded
    missing = {
        urlparse(r.url).path: name for r in served for name, value in expected.items() if r.header_value(name) != value
    }
    assert missing == {}


def test_seen_appears_under_a_reply_once_the_customer_has_it_on_screen(admin_page, open_page, local_stack, chats):
    # Given the admin's reply in an open chat, sent before the customer came back
    dashboard = admin_page()
    chat = chats.create(name="Seen Person")
    chats.send(chat["id"], "is anyone there?")
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    chats.send(chat["id"], "yes, how can I help?", sender="admin")
    reply = dashboard.locator(".message.mine").filter(has_text="yes, how can I help?")
    expect(reply).to_contain_text("Sent")

    # When the customer opens the chat and the reply is on their screen
    customer = open_page(_customer_link(local_stack, chats, chat))
    expect(customer.get_by_role("log")).to_contain_text("yes, how can I help?")

    # Then the dashboard shows it seen, live; and the customer's own message shows seen by support
    expect(reply).to_contain_text("Seen")
    expect(customer.locator(".message.mine").filter(has_text="is anyone there?")).to_contain_text("Seen")


# In the page: the order in which the typing indicator goes and the message (text) shows.
RECORD_TYPING_AND_MESSAGE = """(text) => {
  window.typingAndMessage = []
  const seen = (what) => window.typingAndMessage.includes(what)
  new MutationObserver(() => {
    if (!seen('message shown') && document.querySelector('[role=log]')?.textContent.includes(text)) {
      window.typingAndMessage.push('message shown')
    }
    if (!seen('typing gone') && !document.querySelector('.typing')) window.typingAndMessage.push('typing gone')
  }).observe(document.body, { childList: true, subtree: true, characterData: true })
}"""


def test_typing_shows_on_the_other_side_and_goes_when_the_message_is_sent(admin_page, open_page, local_stack, chats):
    # Given a customer's page and the admin's dashboard on the same chat
    chat = chats.create(name="Typing Person")
    customer = open_page(_customer_link(local_stack, chats, chat))
    expect(customer.get_by_text("Live")).to_be_visible()
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard.get_by_label("Your reply")).to_be_enabled()

    # When the customer types, the admin sees it; when the customer sends, it goes, and not
    # before the message shows (Realtime brings the message up to ~0.5 s after the broadcast)
    customer.get_by_label("Your message").press_sequentially("where is my order", delay=50)
    expect(dashboard.get_by_text("Typing Person is typing…")).to_be_visible()
    dashboard.evaluate(RECORD_TYPING_AND_MESSAGE, "where is my order")
    customer.keyboard.press("Enter")
    expect(dashboard.get_by_role("log")).to_contain_text("where is my order")
    expect(dashboard.get_by_text("Typing Person is typing…")).to_have_count(0)
    assert dashboard.evaluate("window.typingAndMessage") == ["message shown", "typing gone"]

    # And the other way round: the customer sees the agent typing, by name, until it clears the box
    dashboard.get_by_label("Your reply").press_sequentially("let me check", delay=50)
    expect(customer.get_by_text("Test Admin is typing…")).to_be_visible()
    dashboard.get_by_label("Your reply").fill("")
    dashboard.get_by_label("Your reply").dispatch_event("input")
    expect(customer.get_by_text("Test Admin is typing…")).to_have_count(0)


HIDE_PAGE = """(state) => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}"""


def test_the_tab_title_counts_replies_that_arrive_while_the_page_is_hidden(open_page, local_stack, chats):
    # Given the customer's page, then its tab hidden (another tab in front)
    chat = chats.create(name="Title Person")
    page = open_page(_customer_link(local_stack, chats, chat))
    expect(page.get_by_text("Live")).to_be_visible()
    page.evaluate(HIDE_PAGE, "hidden")

    # When support replies twice
    chats.send(chat["id"], "hello there", sender="admin")
    chats.send(chat["id"], "are you still with us?", sender="admin")

    # Then the title counts them, and shows plain again once the tab is looked at
    expect(page).to_have_title("(2) Chat with support")
    page.evaluate(HIDE_PAGE, "visible")
    expect(page).to_have_title("Chat with support")


def test_presence_both_ways_follows_pages_opening_and_closing(admin_page, open_page, local_stack, chats):
    # Given two customers (the first left an email) on their chat pages while no admin is signed in
    first = chats.create(name="Present Person", email="present@example.com")
    second = chats.create(name="Listed Person", email=None)
    customer, listed = (open_page(_customer_link(local_stack, chats, chat)) for chat in (first, second))
    support = customer.locator("#support-presence")
    expect(support).to_contain_text("we'll reply by email to present@example.com")
    expect(listed.locator("#support-presence")).to_contain_text("we'll reply here")

    # When an admin signs in
    dashboard = admin_page()

    # Then the customers see support online, by name, and the admin sees both customers online
    # in the list and, opening the first chat, in it
    expect(support).to_contain_text("Test Admin from support is online")
    first_row, second_row = (dashboard.locator(f"[data-chat-id='{chat['id']}']") for chat in (first, second))
    expect(second_row.get_by_role("img", name="online")).to_be_visible()
    first_row.click()
    expect(dashboard.locator("#customer-presence")).to_have_text("Online now")

    # When the customers close their pages, the dashboard shows them away: the open chat with
    # when it was last seen (Realtime Presence), the other in the list (the page's leave)
    customer.close(run_before_unload=True)
    expect(dashboard.locator("#customer-presence")).to_contain_text("Last seen")
    listed.close(run_before_unload=True)
    expect(second_row.get_by_role("img", name="away")).to_be_visible()

    # When the admin's page closes too, a customer page says support is away
    dashboard.close()
    again = open_page(_customer_link(local_stack, chats, first))
    expect(again.locator("#support-presence")).to_contain_text("Support is away")


# Records what the page does to alert: oscillators started (the chime), notifications shown,
# permission asked; a granted permission comes from the browser context (grant_permissions).
RECORD_ALERTS = """
window.recordedAlerts = { oscillators: 0, notifications: [], asked: 0 }
const PageNotification = window.Notification
window.Notification = class extends PageNotification {
  constructor(title, options) {
    super(title, options)
    window.recordedAlerts.notifications.push({ title, body: options?.body, shown: this })
  }
  static requestPermission() {
    window.recordedAlerts.asked += 1
    return PageNotification.requestPermission()
  }
}
const createOscillator = AudioContext.prototype.createOscillator
AudioContext.prototype.createOscillator = function () {
  window.recordedAlerts.oscillators += 1
  return createOscillator.call(this)
}
"""


def _recording_alerts(grant: bool) -> Any:
    def before(page: Any) -> None:
        if grant:
            page.context.grant_permissions(["notifications"])
        page.add_init_script(RECORD_ALERTS)

    return before


def _alerts(page) -> dict[str, Any]:
    return page.evaluate(
        "({ oscillators: recordedAlerts.oscillators, asked: recordedAlerts.asked,"
        " notifications: recordedAlerts.notifications.map(({ title, body }) => ({ title, body })) })"
    )


def _eventually(check: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


def test_the_dashboard_chimes_and_notifies_only_when_the_message_is_not_in_view(
    open_page, local_stack, chats, admin_credentials
):
    # Given the dashboard with notifications allowed and one chat open
    dashboard = sign_in(
        open_page(f"{local_stack.web_url}/admin/", before=_recording_alerts(grant=True)), admin_credentials
    )
    in_view, other = chats.create(name="In View"), chats.create(name="Elsewhere Person")
    dashboard.locator(f"[data-chat-id='{in_view['id']}']").click()
    expect(dashboard.get_by_role("heading", name="In View")).to_be_visible()

    # When the open chat's customer writes, nothing alerts; when another chat's does, a chime
    chats.send(in_view["id"], "in view")
    expect(dashboard.get_by_role("log")).to_contain_text("in view")
    chats.send(other["id"], "somewhere else")
    assert _eventually(lambda: _alerts(dashboard)["oscillators"] > 0)
    assert _alerts(dashboard)["notifications"] == []

    # When the tab is hidden, the next message also shows a notification, which opens its chat
    dashboard.evaluate(HIDE_PAGE, "hidden")
    chats.send(other["id"], "are you there?")
    assert _eventually(lambda: _alerts(dashboard)["notifications"]) == [
        {"title": "New message from Elsewhere Person", "body": "are you there?"}
    ]
    dashboard.evaluate("recordedAlerts.notifications[0].shown.onclick()")
    expect(dashboard.get_by_role("heading", name="Elsewhere Person")).to_be_visible()


def test_the_customer_is_asked_for_notifications_only_on_its_own_click(open_page, local_stack, chats):
    # Given a customer's page whose browser has not decided on notifications
    chat = chats.create(name="Asked Person")
    page = open_page(
        _customer_link(local_stack, chats, chat),
        before=_recording_alerts(grant=False),
    )
    expect(page.get_by_text("Live")).to_be_visible()
    assert _alerts(page)["asked"] == 0

    # When the customer presses "Notify me", the browser is asked, once
    page.get_by_role("button", name="Notify me").click()
    assert _eventually(lambda: _alerts(page)["asked"] == 1)

    # And sound is off until the customer turns it on, which this browser remembers
    sound = page.get_by_role("button", name="Sound off")
    sound.click()
    page.reload()
    expect(page.get_by_role("button", name="Sound on")).to_have_attribute("aria-pressed", "true")


def test_screenshots_of_typing_presence_and_seen(admin_page, open_page, local_stack, chats, screenshot):
    # Given a conversation both sides have read, both pages open on it
    chat = chats.create(name="Grace Hopper", email="grace@example.com")
    chats.send(chat["id"], "Hi, my order #1042 has not arrived yet.")
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    chats.send(chat["id"], "Sorry about that! Let me look it up.", sender="admin")
    customer = open_page(_customer_link(local_stack, chats, chat))
    expect(customer.get_by_role("log")).to_contain_text("Let me look it up.")
    expect(customer.get_by_text("Live")).to_be_visible()

    # When each side types
    customer.get_by_label("Your message").press_sequentially("Thanks, it was", delay=20)
    dashboard.get_by_label("Your reply").press_sequentially("It shipped yesterday", delay=20)

    # Then each page shows the other typing, online, and its own last message seen
    expect(dashboard.get_by_text("Grace Hopper is typing…")).to_be_visible()
    expect(dashboard.locator("#customer-presence")).to_have_text("Online now")
    expect(dashboard.locator(".message.mine").last).to_contain_text("Seen")
    expect(customer.get_by_text("Test Admin is typing…")).to_be_visible()
    expect(customer.locator("#support-presence")).to_contain_text("Test Admin from support is online")
    expect(customer.locator(".message.mine").last).to_contain_text("Seen")
    paths = [screenshot(dashboard, "admin-typing-presence-seen"), screenshot(customer, "customer-typing-presence-seen")]
    assert all(path.stat().st_size > 0 for path in paths)


def test_an_empty_chat_says_so_on_both_sides(admin_page, open_page, local_stack, chats):
    chat = chats.create(name="Quiet Person")

    customer = open_page(_customer_link(local_stack, chats, chat))
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()

    expect(customer.get_by_role("log")).to_have_text("No messages yet. Write to us and we'll reply here.")
    expect(dashboard.get_by_role("log")).to_have_text("No messages yet. Say hello!")


def test_days_are_separated_and_each_time_has_its_full_date_for_screen_readers(open_page, local_stack, chats, db):
    # Given a message from two days ago and one from today
    chat = chats.create(name="Days Person")
    chats.send(chat["id"], "back then")
    chats.send(chat["id"], "today", sender="admin")
    db.execute(
        "update public.chat_messages set created_at = created_at - interval '2 days' where chat_id = %s and seq = 1",
        (chat["id"],),
    )

    page = open_page(_customer_link(local_stack, chats, chat))

    # Then a separator goes before each day, and each time carries its whole date, year included
    log = page.get_by_role("log")
    expect(log.get_by_role("separator")).to_have_count(2)
    expect(log.get_by_role("separator").last).to_have_text("Today")
    expect(log.locator(".message time .visually-hidden").first).to_have_text(re.compile(r"\b20\d\d\b"))


def test_links_in_messages_are_safe_and_text_keeps_its_direction(open_page, local_stack, chats):
    # Given messages with a web address, a script address and right-to-left text
    chat = chats.create(name="Links Person")
    chats.send(chat["id"], "Track it at https://example.com/track?id=42.", sender="admin")
    chats.send(chat["id"], "javascript:alert(1)", sender="admin")
    chats.send(chat["id"], "שלום, מה שלומך?", sender="admin")

    page = open_page(_customer_link(local_stack, chats, chat))
    expect(page.get_by_role("log")).to_contain_text("שלום")

    # Then only the web address is a link, opened apart from this page, and every text picks its direction
    links = page.get_by_role("log").get_by_role("link")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://example.com/track?id=42")
    expect(links).to_have_attribute("rel", "noopener noreferrer")
    assert page.locator(".message .content").evaluate_all("ps => ps.map(p => p.dir)") == ["auto"] * 3


def test_a_message_arriving_while_scrolled_up_shows_a_marker_that_brings_it_into_view(
    admin_page, chats, send_rate_limit
):
    # Given a long chat, open and scrolled up to read
    send_rate_limit(1000, 1)
    chat = chats.create(name="Scrolled Person")
    for n in range(1, 41):
        chats.send(chat["id"], f"line {n}")
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    log = dashboard.get_by_role("log")
    expect(log.locator(".message")).to_have_count(40)
    log.evaluate("element => element.scrollTo(0, element.scrollHeight / 3)")

    # When a new message arrives
    chats.send(chat["id"], "something new")

    # Then the view stays where the reader is and says a message arrived below; pressing it goes there
    marker = dashboard.get_by_role("button", name="1 new message ↓")
    expect(marker).to_be_visible()
    marker.click()
    expect(marker).to_have_count(0)
    assert log.evaluate("e => e.scrollHeight - e.scrollTop - e.clientHeight < 60")


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


def test_each_chat_has_its_own_address_through_reload_back_and_forward(admin_page, chats):
    # Given the dashboard, then a chat opened from the list
    chat = chats.create(name="Addressed Person")
    dashboard = admin_page()
    list_address = dashboard.url
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard).to_have_url(re.compile(rf"\?chat={chat['id']}$"))

    # When the page reloads, the chat is still open
    dashboard.reload()
    expect(dashboard.get_by_role("heading", name="Addressed Person")).to_be_visible()

    # And back closes it, forward opens it again
    dashboard.go_back()
    expect(dashboard.get_by_role("heading", name="Addressed Person")).to_have_count(0)
    assert dashboard.url == list_address
    dashboard.go_forward()
    expect(dashboard.get_by_role("heading", name="Addressed Person")).to_be_visible()


def test_focus_goes_to_the_list_after_sign_in_and_to_the_reply_box_when_a_chat_opens(admin_page, chats):
    chat = chats.create(name="Focused Person")

    dashboard = admin_page()
    assert dashboard.evaluate("document.activeElement.id") == "chats-title"

    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard.get_by_label("Your reply")).to_be_focused()


def test_a_failed_request_reads_as_plain_words(open_page, local_stack, admin_credentials):
    # Given the new chat dialog (the browser logs the refusals this test provokes)
    dashboard = sign_in(
        open_page(f"{local_stack.web_url}/admin/", tolerate=("status of 400", "status of 422")), admin_credentials
    )
    dashboard.get_by_role("button", name="New chat").click()

    # When the admin creates a chat with neither name nor email, then with a bad email
    dashboard.get_by_role("button", name="Create chat").click()
    alert = dashboard.get_by_role("dialog").get_by_role("alert")

    # Then it is told what to do in plain words, not the API's wording
    expect(alert).to_have_text("Enter the customer's name or email.")
    dashboard.get_by_label("Customer email").fill("ada@")
    dashboard.get_by_label("Customer email").evaluate(
        "input => { input.type = 'text' }"
    )  # past the browser's own check
    dashboard.get_by_role("button", name="Create chat").click()
    expect(alert).to_have_text("That email address doesn't look right.")


def test_no_page_state_has_an_accessibility_violation(open_page, local_stack, chats, admin_credentials):
    # axe-core, best practices included, on every state a person meets
    chat = chats.create(name="Axe Person", email="axe@example.com")
    chats.send(chat["id"], "Hello, see https://example.com/help")
    seen: dict[str, list[str]] = {}

    signing_in = open_page(f"{local_stack.web_url}/admin/", tolerate=("status of 400",))
    signing_in.get_by_label("Email", exact=True).fill("nobody@example.com")
    signing_in.get_by_label("Password", exact=True).fill("wrong password")
    signing_in.get_by_role("button", name="Sign in").click()
    expect(signing_in.get_by_role("alert")).to_be_visible()
    seen["sign-in refused"] = accessibility_violations(signing_in)

    dashboard = sign_in(open_page(f"{local_stack.web_url}/admin/"), admin_credentials)
    seen["chat list"] = accessibility_violations(dashboard)
    dashboard.get_by_role("button", name="New chat").click()
    seen["new chat dialog"] = accessibility_violations(dashboard)
    dashboard.get_by_role("button", name="Cancel").click()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard.get_by_role("log")).to_contain_text("Hello")
    seen["chat open"] = accessibility_violations(dashboard)
    dashboard.get_by_role("button", name="Show link").click()
    expect(dashboard.get_by_label("Customer link")).to_be_visible()
    seen["link dialog"] = accessibility_violations(dashboard)
    dashboard.get_by_role("button", name="Done").click()
    dashboard.get_by_role("button", name="Close chat").click()
    seen["confirm dialog"] = accessibility_violations(dashboard)
    dashboard.get_by_role("dialog").get_by_role("button", name="Close chat").click()
    expect(dashboard.get_by_role("button", name="Reopen chat")).to_be_visible()
    seen["chat closed"] = accessibility_violations(dashboard)
    dashboard.get_by_label("Search names, emails and messages").fill("nobody matches this")
    expect(dashboard.get_by_text("No chats match.")).to_be_visible()
    seen["no match"] = accessibility_violations(dashboard)

    customer = open_page(_customer_link(local_stack, chats, chat))
    expect(customer.get_by_text("This chat has been closed")).to_be_visible()
    seen["customer, chat closed"] = accessibility_violations(customer)
    broken = open_page(f"{local_stack.web_url}/chat?chatId={chat['id']}", refused=True)
    expect(broken.get_by_text("This chat link doesn't work")).to_be_visible()
    seen["customer, broken link"] = accessibility_violations(broken)

    assert {state: found for state, found in seen.items() if found} == {}


def test_search_finds_a_chat_by_words_its_customer_wrote(admin_page, chats):
    # Given a chat whose customer mentioned an order number, and another
    wanted, other = chats.create(name="Order Person"), chats.create(name="Other Person")
    chats.send(wanted["id"], "It is about order 48151623, still not here")
    chats.send(other["id"], "Just saying hi")
    dashboard = admin_page()

    # When the admin searches for the number (nowhere in the list's names or previews)
    dashboard.get_by_label("Search names, emails and messages").fill("48151623")

    # Then the server finds that chat, and only it
    expect(dashboard.locator(f"[data-chat-id='{wanted['id']}']")).to_be_visible()
    expect(dashboard.locator(".sessions li")).to_have_count(1)


def test_the_customer_sees_the_agents_name_and_the_dashboard_tells_admins_apart(
    admin_page, open_page, local_stack, chats, message_api, second_admin_token
):
    # Given a reply from the signed-in admin and one from a colleague
    chat = chats.create(name="Named Person")
    chats.send(chat["id"], "who is there?")
    chats.send(chat["id"], "Test Admin here", sender="admin")
    message_api.as_(second_admin_token)("POST", body={"chat_id": chat["id"], "content": "and a colleague"})

    # Then the customer sees each agent's name
    customer = open_page(_customer_link(local_stack, chats, chat))
    expect(customer.locator(".message.theirs .sender")).to_have_text(["Test Admin", "Second Admin"])

    # And the dashboard shows its own reply as "You" and the colleague's by name
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    expect(dashboard.locator(".message.mine .sender")).to_have_text(["You"])
    expect(dashboard.locator(".message.theirs .sender")).to_have_text(["Named Person", "Second Admin"])

    # And a reply arriving live carries its author's name too
    chats.send(chat["id"], "one more thing", sender="admin")
    expect(customer.locator(".message.theirs .sender")).to_have_text(["Test Admin", "Second Admin", "Test Admin"])


def test_saved_replies_are_kept_by_the_team_and_found_with_a_slash(admin_page, chats, db):
    # Given an admin who saves a reply, on a team with none saved yet
    db.execute("delete from chat_private.saved_replies")
    chat = chats.create(name="Slash Person")
    dashboard = admin_page()
    dashboard.get_by_role("button", name="Saved replies").click()
    dialog = dashboard.get_by_role("dialog", name="Saved replies")
    dialog.get_by_label("title").fill("Shipping times")
    dialog.get_by_label("Text").fill("Orders ship within two working days.")
    dialog.get_by_role("button", name="Save reply").click()
    expect(dialog.get_by_role("button", name="Edit Shipping times")).to_be_visible()
    assert accessibility_violations(dashboard) == []
    dialog.get_by_role("button", name="Done").click()

    try:
        # When, in a chat, the admin types "/" and part of its title, then picks it by keyboard
        dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
        box = dashboard.get_by_label("Your reply")
        box.press_sequentially("/ship")
        expect(dashboard.get_by_role("option", name=re.compile("Shipping times"))).to_have_attribute(
            "aria-selected", "true"
        )
        assert accessibility_violations(dashboard) == []
        box.press("Enter")

        # Then the reply's text is in the box, and Enter sends it
        expect(box).to_have_value("Orders ship within two working days.")
        box.press("Enter")
        expect(dashboard.get_by_role("log")).to_contain_text("Orders ship within two working days.")
    finally:
        db.execute("delete from chat_private.saved_replies")


def test_escape_puts_the_offer_away_and_the_slash_text_stays(admin_page, chats, message_api, db):
    db.execute("delete from chat_private.saved_replies")
    message_api.at("/replies")("POST", body={"title": "Greeting", "body": "Hello!"})
    chat = chats.create(name="Escape Person")
    try:
        dashboard = admin_page()
        dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
        box = dashboard.get_by_label("Your reply")
        box.press_sequentially("/gre")
        expect(dashboard.get_by_role("listbox", name="Saved replies")).to_be_visible()

        box.press("Escape")

        expect(dashboard.get_by_role("listbox", name="Saved replies")).to_have_count(0)
        expect(box).to_have_value("/gre")
    finally:
        db.execute("delete from chat_private.saved_replies")


def test_two_admins_in_one_chat_see_each_other_and_each_others_typing(
    admin_page, open_page, local_stack, chats, second_admin_credentials
):
    # Given two admins with the same chat open, and its customer on the page
    chat = chats.create(name="Shared Person")
    first = admin_page()
    second = sign_in(open_page(f"{local_stack.web_url}/admin/"), second_admin_credentials)
    customer = open_page(_customer_link(local_stack, chats, chat))
    for dashboard in (first, second):
        dashboard.locator(f"[data-chat-id='{chat['id']}']").click()

    # Then each sees the other there
    expect(first.locator("#colleagues")).to_have_text("Also here: Second Admin")
    expect(second.locator("#colleagues")).to_have_text("Also here: Test Admin")

    # When the second starts a reply, the first sees it before sending its own
    second.get_by_label("Your reply").press_sequentially("I'll take this one", delay=30)
    expect(first.get_by_text("Second Admin (support) is typing a reply…")).to_be_visible()

    # And the customer sees who is typing (the second still at it: a pause of 4 s says "stopped"),
    # but nothing of who is looking
    second.get_by_label("Your reply").press_sequentially(" now", delay=30)
    expect(customer.get_by_text("Second Admin is typing…")).to_be_visible()
    expect(customer.get_by_text("Also here")).to_have_count(0)

    # When the second leaves the chat, the first no longer sees it there
    second.close()
    expect(first.locator("#colleagues")).to_have_count(0)


def test_a_chat_taken_by_an_admin_shows_as_theirs_everywhere_live(
    admin_page, open_page, local_stack, chats, second_admin_credentials
):
    # Given a colleague's dashboard and the customer's page open, and the admin in the chat
    chat = chats.create(name="Taken Person")
    colleague = sign_in(open_page(f"{local_stack.web_url}/admin/"), second_admin_credentials)
    customer = open_page(_customer_link(local_stack, chats, chat))
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()

    # When the admin takes the chat
    dashboard.get_by_label("Handled by").select_option(label="Me (Test Admin)")

    # Then the colleague's list shows it taken, the customer sees who handles it, and the
    # admin's "Mine" shows it while the colleague's "Mine" does not
    expect(colleague.locator(f"[data-chat-id='{chat['id']}'] .assignee")).to_have_text("Test Admin")
    expect(customer.locator("#handled-by")).to_have_text("Test Admin is handling your chat.")
    dashboard.get_by_role("button", name="Mine").click()
    expect(dashboard.locator(f"[data-chat-id='{chat['id']}']")).to_be_visible()
    colleague.get_by_role("button", name="Mine").click()
    expect(colleague.locator(f"[data-chat-id='{chat['id']}']")).to_have_count(0)


def test_an_open_dashboard_counts_its_admin_online_for_assignment(admin_page, db, admin_session):
    def online():
        row = db.execute(
            "select online from public.chat_admins where user_id = %s", (admin_session["user"]["id"],)
        ).fetchone()
        return row["online"]

    # Given the admin's dashboard open, the admin is online
    dashboard = admin_page()
    assert _eventually(online)

    # When the dashboard closes, its leave takes the admin offline
    dashboard.close(run_before_unload=True)
    assert _eventually(lambda: not online())


def test_a_private_note_reaches_the_team_live_and_never_the_customer(
    admin_page, open_page, local_stack, chats, second_admin_credentials
):
    # Given two admins and the customer on one chat
    chat = chats.create(name="Noted Person")
    chats.send(chat["id"], "I was double charged")
    customer = open_page(_customer_link(local_stack, chats, chat))
    colleague = sign_in(open_page(f"{local_stack.web_url}/admin/"), second_admin_credentials)
    dashboard = admin_page()
    for page in (dashboard, colleague):
        page.locator(f"[data-chat-id='{chat['id']}']").click()
        page.get_by_text("Notes for the team").click()

    # When the admin adds a note for the team
    dashboard.get_by_label("A note for the team").fill("Refund approved by finance, ticket 4411")
    dashboard.get_by_role("button", name="Add note").click()

    # Then the colleague sees it at once, shown apart from the conversation; the customer never
    notes = colleague.get_by_role("list", name="Notes for the team")
    expect(notes).to_contain_text("Test Admin: Refund approved by finance, ticket 4411")
    expect(colleague.get_by_role("log")).not_to_contain_text("ticket 4411")
    assert accessibility_violations(colleague) == []
    expect(customer.get_by_role("log")).to_contain_text("I was double charged")
    expect(customer.get_by_text("ticket 4411")).to_have_count(0)


def test_an_owner_invites_a_colleague_who_joins_by_the_emailed_link(admin_page, open_page, local_stack):
    # Given an owner's dashboard with the team open
    email = f"joiner-{uuid.uuid4().hex[:8]}@chat.test"
    owner = admin_page()
    owner.get_by_role("button", name="Team").click()
    team = owner.get_by_role("dialog", name="Team")

    # When the owner invites a colleague as an agent
    team.get_by_label("Email").fill(email)
    team.get_by_label("Name (customers see it)").fill("Joan Joiner")
    team.get_by_role("button", name="Send invitation").click()

    # Then the team shows the invitation, without an accessibility violation
    expect(team.get_by_role("status")).to_have_text(f"Invitation sent to {email}.")
    expect(team.locator("li", has_text="Joan Joiner")).to_contain_text("Invited, has not joined yet")
    assert accessibility_violations(owner) == []

    # When the colleague opens the emailed link and chooses a password
    colleague = open_page(invitation_link(local_stack, email))
    expect(colleague.get_by_role("heading", name="Welcome to the team")).to_be_visible()
    assert accessibility_violations(colleague) == []
    colleague.get_by_label("Password (at least 6 characters)").fill("joan's own password")
    colleague.get_by_role("button", name="Save password and continue").click()

    # Then the colleague's dashboard is live, with no Team button (an agent); the password signs
    # in again; and the owner's team shows the colleague joined
    colleague.get_by_text("Live").wait_for()
    expect(colleague.get_by_role("button", name="Team")).to_have_count(0)
    sign_in(open_page(f"{local_stack.web_url}/admin/"), (email, "joan's own password"))
    team.get_by_role("button", name="Done").click()
    owner.get_by_role("button", name="Team").click()
    expect(team.locator("li", has_text="Joan Joiner")).to_contain_text("Online now")  # joined, dashboard open


def test_a_deactivated_agent_loses_the_dashboard_and_is_told_why(admin_page, open_page, local_stack):
    # Given an agent signed in on the dashboard, and an owner with the team open
    email = f"leaver-{uuid.uuid4().hex[:8]}@chat.test"
    create_admin(local_stack.database_url, email, "leaver password", "Lee Leaver")
    agent = sign_in(open_page(f"{local_stack.web_url}/admin/", tolerate=("status of 403",)), (email, "leaver password"))
    owner = admin_page()
    owner.get_by_role("button", name="Team").click()
    team = owner.get_by_role("dialog", name="Team")
    expect(team.get_by_role("button", name="Deactivate Test Admin")).to_have_count(0)  # never oneself

    # When the owner deactivates the agent, and confirms
    team.get_by_role("button", name="Deactivate Lee Leaver").click()
    owner.get_by_role("dialog", name="Deactivate Lee Leaver?").get_by_role("button", name="Deactivate").click()

    # Then the team shows it, and the agent's dashboard, on its next load, says why it is signed out
    expect(team.get_by_role("status")).to_have_text("Lee Leaver is deactivated.")
    expect(team.locator("li", has_text="Lee Leaver")).to_contain_text("Deactivated")
    agent.reload()
    expect(agent.get_by_role("alert")).to_have_text("An owner of your team has removed your access to this dashboard.")


# Hands files to the page as a paste into the message box or a drop on the composer would.
GIVE_FILES = """([how, name, type, base64]) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  const data = new DataTransfer()
  data.items.add(new File([bytes], name, { type }))
  const event = how === 'paste'
    ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
    : new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })
  document.querySelector(how === 'paste' ? '#message' : '#composer').dispatchEvent(event)
}"""


def _give(page, how: str, name: str, content_type: str, data: bytes) -> None:
    page.evaluate(GIVE_FILES, [how, name, content_type, base64.b64encode(data).decode()])


def test_a_pasted_screenshot_reaches_the_admin_as_a_preview_and_downloads_byte_identical(
    admin_page, open_page, local_stack, chats, screenshot
):
    # Given a customer on its chat and the admin with the chat open
    chat = chats.create(name="Pasting Person")
    customer = open_page(_customer_link(local_stack, chats, chat))
    customer.get_by_text("Live").wait_for()
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    screen = png_image(320, 200)

    # When the customer pastes a screenshot and sends it with no words
    _give(customer, "paste", "screenshot.png", "image/png", screen)
    expect(customer.get_by_role("list", name="Files to send")).to_contain_text("screenshot.png")
    customer.get_by_label("Your message").press("Enter")

    # Then both pages show it as a preview, and the admin's click opens the very same bytes
    for page in (customer, dashboard):
        preview = page.get_by_role("log").get_by_role("img", name="screenshot.png")
        expect(preview).to_be_visible()
        page.wait_for_function("img => img.complete && img.naturalWidth === 320", arg=preview.element_handle())
    assert accessibility_violations(customer) == [] and accessibility_violations(dashboard) == []
    screenshot(customer, "customer-attachment-preview")
    screenshot(dashboard, "admin-attachment-preview")
    with dashboard.expect_popup() as opened:
        dashboard.get_by_role("link", name=re.compile("Open screenshot.png")).click()
    assert requests.get(opened.value.url, timeout=10).content == screen


def test_a_dropped_pdf_reaches_the_customer_as_a_download(admin_page, open_page, local_stack, chats):
    # Given the admin in a chat and its customer on the page
    chat = chats.create(name="Invoice Person")
    customer = open_page(_customer_link(local_stack, chats, chat))
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    pdf = b"%PDF-1.4\n% an invoice\ntrailer <<>>\n%%EOF\n"

    # When the admin drops a PDF on the reply box and sends it with words
    _give(dashboard, "drop", "Invoice 7.pdf", "application/pdf", pdf)
    dashboard.get_by_label("Your reply").fill("Here is your invoice")
    dashboard.get_by_label("Your reply").press("Enter")

    # Then the customer gets a chip that downloads exactly that file, by its name
    chip = customer.get_by_role("button", name=re.compile("Download Invoice 7.pdf"))
    expect(chip).to_be_visible()
    with customer.expect_download() as downloading:
        chip.click()
    assert downloading.value.suggested_filename == "Invoice 7.pdf"
    assert Path(downloading.value.path()).read_bytes() == pdf


def test_an_upload_in_progress_can_be_cancelled_and_nothing_is_sent(open_page, local_stack, chats, db):
    # Given a customer whose upload to S3 hangs
    chat = chats.create(name="Cancelling Person")
    held = []
    customer = open_page(
        _customer_link(local_stack, chats, chat),
        before=lambda page: page.route(f"http://localhost:{local_stack.ports.s3}/**", lambda route: held.append(route)),
    )
    customer.get_by_text("Live").wait_for()
    _give(customer, "paste", "big.png", "image/png", png_image(40, 40))
    customer.get_by_label("Your message").press("Enter")
    expect(customer.get_by_role("status").filter(has_text="Uploading")).to_be_visible()

    # When the customer cancels it
    customer.get_by_role("button", name="Cancel").click()

    # Then it leaves the page, and no message was stored
    expect(customer.locator(".pending")).to_have_count(0)
    assert db.execute("select count(*) as n from chat_messages where chat_id = %s", (chat["id"],)).fetchone()["n"] == 0


def test_a_file_of_a_refused_type_says_so_in_plain_words(open_page, local_stack, chats):
    chat = chats.create(name="Html Person")
    customer = open_page(_customer_link(local_stack, chats, chat), tolerate=("status of 415",))
    customer.get_by_text("Live").wait_for()

    customer.locator("input[type=file]").set_input_files(
        files=[{"name": "page.html", "mimeType": "text/html", "buffer": b"<html></html>"}]
    )
    customer.get_by_label("Your message").press("Enter")

    expect(customer.locator(".pending.failed")).to_contain_text("Files of this type can't be attached.")
    customer.get_by_role("button", name="Discard").click()
    expect(customer.locator(".pending")).to_have_count(0)


def test_an_email_about_an_unread_reply_shows_in_the_local_mail_catcher(open_page, local_stack, chats, db, screenshot):
    from chat_core.notifier import email_for, run_pass

    from local.mailbox import mailbox_sender

    # Given a reply the customer has not read, due now
    db.execute("update chat_private.notifications set state = 'skipped' where state in ('pending', 'sending')")
    db.execute("update chat_private.notification_settings set delay_seconds = 0")
    try:
        chat = chats.create(name="Mail Person", email="mail.person@example.com")
        chats.send(chat["id"], "We have shipped your order.", sender="admin")

        # When the notifier passes, as make dev runs it every minute
        run_pass("local", mailbox_sender(local_stack.gateway.mailbox, email_for))
    finally:
        db.execute("update chat_private.notification_settings set delay_seconds = 180")

    # Then the developer reads it, rendered, in the catcher
    page = open_page(f"{local_stack.supabase_url}/local/mail")
    expect(page.get_by_role("heading", name="You have a reply from support").first).to_be_visible()
    frame = page.frame_locator("iframe").first
    expect(frame.get_by_text("We have shipped your order.")).to_be_visible()
    screenshot(page, "local-mail-catcher")


@pytest.fixture
def due_after(db):
    """due_after(seconds): notifications fall due that long after their message, with no other
    test's window left open; the migration's delay comes back after."""

    def _set(seconds: int) -> None:
        db.execute("update chat_private.notifications set state = 'skipped' where state in ('pending', 'sending')")
        db.execute("update chat_private.notification_settings set delay_seconds = %s", (seconds,))

    yield _set
    db.execute("update chat_private.notification_settings set delay_seconds = 180")


@pytest.fixture
def forget_push_subscriptions(db):
    """The browsers a test subscribed stop getting pushes after it (other tests count emails)."""
    yield
    db.execute("delete from chat_private.push_subscriptions")


def _caught(local_stack, to: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = requests.get(f"{local_stack.supabase_url}/local/mailbox", timeout=10).json()[
        "messages"
    ]
    return [m for m in messages if m["to"] == to]


def test_a_customer_who_left_gets_the_reply_by_email_after_the_delay_with_a_link_that_opens_the_chat(
    open_page, admin_page, local_stack, chats, due_after
):
    from chat_core.notifier import email_for, run_pass

    from local.mailbox import mailbox_sender

    # Given a customer who opened its chat, then closed the tab; emails due 2 s after a reply
    due_after(2)
    chat = chats.create(name="Left Early", email="left.early@example.com")
    customer = open_page(_customer_link(local_stack, chats, chat))
    expect(customer.get_by_text("Live")).to_be_visible()
    customer.close()

    # When the admin replies on the dashboard, and the notifier passes before the delay and after
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
    dashboard.get_by_label("Your reply").fill("Your refund is on its way.")
    dashboard.get_by_label("Your reply").press("Enter")
    expect(dashboard.locator("[role=log] .message.mine")).to_contain_text(["Your refund is on its way."])
    send = mailbox_sender(local_stack.gateway.mailbox, email_for)
    run_pass("local", send)
    before_the_delay = _caught(local_stack, "left.early@example.com")
    time.sleep(2.5)
    run_pass("local", send)

    # Then one email arrived only after the delay, and its button opens the chat on a new device
    [email] = _caught(local_stack, "left.early@example.com")
    assert before_the_delay == []
    link = re.search(r"Open the chat: (\S+)", email["text"]).group(1)
    elsewhere = open_page(link)
    expect(elsewhere.locator("[role=log] .message")).to_contain_text(["Your refund is on its way."])


def test_the_emails_unsubscribe_link_stops_the_emails_about_that_chat(
    open_page, local_stack, chats, due_after, screenshot
):
    from chat_core.notifier import email_for, run_pass

    from local.mailbox import mailbox_sender

    # Given a customer emailed about a reply
    due_after(0)
    chat = chats.create(name="Enough Mail", email="enough.mail@example.com")
    chats.send(chat["id"], "First reply", sender="admin")
    send = mailbox_sender(local_stack.gateway.mailbox, email_for)
    run_pass("local", send)
    [email] = _caught(local_stack, "enough.mail@example.com")

    # When the customer follows the email's "Stop emails" link and presses the button
    page = open_page(re.search(r"Stop emails about this chat: (\S+)", email["text"]).group(1))
    expect(page.get_by_role("heading", name="Stop emails about this chat?")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", name="You will not get emails about this chat any more.")).to_be_visible()
    screenshot(page, "email-unsubscribed")

    # Then the next reply is not emailed
    chats.send(chat["id"], "Second reply", sender="admin")
    run_pass("local", send)
    assert len(_caught(local_stack, "enough.mail@example.com")) == 1


# Headless Chromium's PushManager talks to Google's push service, which this machine cannot
# reach: the page subscribes at the local push service instead (as the browser would at its
# vendor's), and everything else is the page's and the service worker's own code.
LOCAL_PUSH_MANAGER = """
(() => {
  const service = %s
  let current = null
  const asBase64url = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')
  PushManager.prototype.getSubscription = async function () { return current }
  PushManager.prototype.subscribe = async function (options) {
    const made = await fetch(`${service}/subscriptions`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ applicationServerKey: asBase64url(options.applicationServerKey) }),
    }).then((response) => response.json())
    current = {
      endpoint: made.endpoint, toJSON: () => made,
      unsubscribe: async () => { current = null; return true },
    }
    return current
  }
})()
"""


def test_an_admin_gets_a_push_when_the_dashboard_is_closed(
    open_page, local_stack, chats, due_after, admin_credentials, forget_push_subscriptions
):
    from chat_core.config import get_settings
    from chat_core.notifier import email_for, push_sender, run_pass

    from local.mailbox import mailbox_sender

    # Given the admin turned pushes on for this browser, then closed the dashboard
    due_after(0)
    push_service = f"{local_stack.supabase_url}/local/push"

    def before(page: Any) -> None:
        page.context.grant_permissions(["notifications"])
        page.add_init_script(LOCAL_PUSH_MANAGER % json.dumps(push_service))

    dashboard = sign_in(open_page(f"{local_stack.web_url}/admin/", before=before), admin_credentials)
    dashboard.get_by_role("button", name="Notifications").click()
    dashboard.get_by_role("button", name="Turn on").click()
    expect(dashboard.locator(".push-setting [role=status]")).to_have_text("On")
    assert accessibility_violations(dashboard) == []
    context = dashboard.context
    dashboard.close()

    # When a customer writes, and the notifier passes
    chat = chats.create(name="Push Customer")
    chats.send(chat["id"], "Hello, is anyone there?")
    run_pass("local", mailbox_sender(local_stack.gateway.mailbox, email_for), push=push_sender(get_settings()))

    # Then the push service took a push that decrypts to the message, and the service worker,
    # handed it as the browser would, shows it with the dashboard closed
    messages = requests.get(f"{push_service}/messages", timeout=10).json()["messages"]
    [push] = [m["payload"] for m in messages if m["payload"]["tag"] == f"chat-{chat['id']}"]
    assert push["body"] == "Push Customer: Hello, is anyone there?"
    observer = context.new_page()  # another page of the origin, to reach its service worker
    observer.goto(f"{local_stack.web_url}/chat/")
    devtools = context.new_cdp_session(observer)
    versions: list[dict[str, Any]] = []
    devtools.on("ServiceWorker.workerVersionUpdated", lambda event: versions.extend(event["versions"]))
    devtools.send("ServiceWorker.enable")
    for _ in range(150):  # DevTools' events arrive while Playwright waits, not while Python sleeps
        # the newest report of the worker's version: each change of state is reported anew
        worker = next((v for v in reversed(versions) if v["scriptURL"].endswith("/shared/push-worker.js")), None)
        if worker and worker["status"] == "activated":
            break
        observer.wait_for_timeout(100)
    shown: list[dict[str, str]] = []
    # A push service delivers a message again until the browser takes it: so does this stand-in.
    for _ in range(3):
        devtools.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": local_stack.web_url, "registrationId": worker["registrationId"], "data": json.dumps(push)},
        )
        shown = _eventually(
            lambda: observer.evaluate(
                """async () => {
                  const registration = await navigator.serviceWorker.getRegistration('/shared/push-worker.js')
                  return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body }))
                }"""
            ),
            timeout=10,
        )
        if shown:
            break
    assert shown == [{"title": "New message from Push Customer", "body": "Push Customer: Hello, is anyone there?"}]


def test_a_search_shows_the_matching_words_and_opens_the_chat_at_that_message(admin_page, chats, screenshot):
    # Given a long chat whose first message mentions a kettle, 80 messages ago
    word = "kettle" + uuid.uuid4().hex[:6]
    chat = chats.create(name="Long Ago")
    chats.send(chat["id"], f"My {word} arrived broken, the lid is cracked")
    for n in range(80):
        chats.send(chat["id"], f"later message {n}", sender="admin" if n % 2 else "customer")

    # When the admin searches for it
    dashboard = admin_page()
    dashboard.get_by_label("Search names, emails and messages").fill(word)
    row = dashboard.locator(f"[data-chat-id='{chat['id']}']")
    expect(row.locator(".snippet mark")).to_have_text(word)
    expect(row.locator(".snippet")).to_contain_text("arrived broken")
    assert accessibility_violations(dashboard) == []
    screenshot(dashboard, "admin-search-snippet")
    row.click()

    # Then the chat opens at that message, marked and in view, not at the newest
    found = dashboard.locator(".conversation .message.found")
    expect(found).to_contain_text(f"My {word} arrived broken")
    expect(found).to_be_in_viewport()


def test_the_admin_downloads_a_chats_printable_transcript(admin_page, chats):
    chat = chats.create(name="Transcript Person")
    chats.send(chat["id"], "Where is my parcel?")
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()

    dashboard.get_by_text("Transcript", exact=True).click()
    assert accessibility_violations(dashboard) == []
    with dashboard.expect_download() as download:
        dashboard.get_by_role("button", name="Printable page").click()

    page = Path(download.value.path()).read_text()
    assert download.value.suggested_filename.endswith(".html")
    assert "<h1>Chat with Transcript Person</h1>" in page and "Where is my parcel?" in page


def test_the_customer_downloads_its_transcript_without_the_teams_notes(open_page, local_stack, chats, message_api):
    chat = chats.create(name="Own Copy")
    chats.send(chat["id"], "Thanks for the help", sender="admin")
    message_api.at("/notes")("POST", body={"chat_id": chat["id"], "body": "Secret team note"})
    customer = open_page(_customer_link(local_stack, chats, chat))
    expect(customer.get_by_text("Live")).to_be_visible()

    customer.get_by_text("Transcript", exact=True).click()
    with customer.expect_download() as download:
        customer.get_by_role("button", name="Plain text").click()

    text = Path(download.value.path()).read_text()
    assert "Test Admin: Thanks for the help" in text and "Secret team note" not in text


def test_an_owner_erases_a_customer_from_the_dashboard_after_typing_its_email_again(admin_page, chats, db):
    # Given a customer's chat on the dashboard
    email = f"forget-{uuid.uuid4().hex[:8]}@example.com"
    chat = chats.create(name="Forget Me", email=email)
    chats.send(chat["id"], "Please delete my data")
    dashboard = admin_page()
    expect(dashboard.locator(f"[data-chat-id='{chat['id']}']")).to_be_visible()

    # When the owner asks to erase it, and confirms by typing the email again
    dashboard.get_by_role("button", name="Customer data").click()
    dashboard.get_by_label("Customer email").fill(email)
    dashboard.get_by_role("button", name="Erase…").click()
    erase = dashboard.get_by_role("button", name="Erase for good")
    expect(erase).to_be_disabled()
    assert accessibility_violations(dashboard) == []
    dashboard.get_by_label("Type the email again to erase").fill(email.upper())
    erase.click()

    # Then the dialog says what went, the chat leaves the list, and the database has none of it
    expect(dashboard.get_by_role("status").filter(has_text="Erased 1 chats")).to_contain_text("1 messages")
    expect(dashboard.locator(f"[data-chat-id='{chat['id']}']")).to_have_count(0)
    assert db.execute("select count(*) from public.chat_sessions where id = %s", (chat["id"],)).fetchone()["count"] == 0


def test_an_admin_exports_todays_chats_as_csv(admin_page, chats):
    chat = chats.create(name="Exported Today")
    chats.send(chat["id"], "Counted in the export")
    dashboard = admin_page()

    dashboard.get_by_role("button", name="Export chats").click()
    assert accessibility_violations(dashboard) == []
    with dashboard.expect_download() as download:
        dashboard.get_by_role("button", name="Download").click()

    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(), newline="")))
    assert download.value.suggested_filename.endswith(".csv")
    assert ("Exported Today", "Counted in the export") in {(row["customer_name"], row["content"]) for row in rows}


RECORD_TYPISTS = """() => {
  window.typists = []
  new MutationObserver(() => {
    for (const node of document.querySelectorAll('.typing')) {
      if (!window.typists.includes(node.textContent)) window.typists.push(node.textContent)
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true })
}"""


def test_a_deactivated_admins_open_dashboard_is_cut_off_from_the_chat_at_once(
    admin_page, open_page, local_stack, chats, session_api
):
    # Given a customer's page, and two admins with its chat open: an agent, and the owner
    chat = chats.create(name="Cut Off Person")
    email = f"agent-{uuid.uuid4().hex[:8]}@chat.test"
    agent_id = create_admin(local_stack.database_url, email, "agent password", "Leaving Agent")
    customer = open_page(_customer_link(local_stack, chats, chat))
    agent = sign_in(open_page(f"{local_stack.web_url}/admin/"), (email, "agent password"))
    owner = admin_page()
    for dashboard in (agent, owner):
        dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
        expect(dashboard.get_by_label("Your reply")).to_be_enabled()
    expect(customer.locator("#support-presence")).to_have_text("Support is online")
    agent.get_by_label("Your reply").press_sequentially("one moment", delay=30)
    expect(customer.get_by_text("Leaving Agent is typing…")).to_be_visible()
    agent.get_by_label("Your reply").fill("")
    agent.get_by_label("Your reply").dispatch_event("input")
    expect(customer.get_by_text("Leaving Agent is typing…")).to_have_count(0)

    # When an owner deactivates the agent, whose dashboard stays open
    assert session_api.at("/team")("PATCH", body={"user_id": str(agent_id), "active": False}).status == 200

    # Then the customer no longer sees the agent online; only the owner
    expect(customer.locator("#support-presence")).to_have_text("Test Admin from support is online")
    # and what the agent types no longer reaches the customer, while the owner's does
    customer.evaluate(RECORD_TYPISTS)
    agent.get_by_label("Your reply").press_sequentially("still here", delay=30)
    owner.get_by_label("Your reply").press_sequentially("hello", delay=30)
    expect(customer.get_by_text("Test Admin is typing…")).to_be_visible()
    assert [typist for typist in customer.evaluate("window.typists") if "Leaving Agent" in typist] == []
    # and the customer's typing reaches the owner, never the agent's open dashboard
    agent.evaluate(RECORD_TYPISTS)
    customer.get_by_label("Your message").press_sequentially("are you there", delay=50)
    expect(owner.get_by_text("Cut Off Person is typing…")).to_be_visible()
    assert agent.evaluate("window.typists") == []


def test_signing_out_ends_this_browsers_session_only_unless_all_devices_are_asked_for(open_page, local_stack, db):
    # Given an admin signed in on two browsers
    email = f"devices-{uuid.uuid4().hex[:8]}@chat.test"
    user_id = create_admin(local_stack.database_url, email, "two devices", "Two Devices")
    laptop, phone = (sign_in(open_page(f"{local_stack.web_url}/admin/"), (email, "two devices")) for _ in range(2))

    def sessions() -> int:
        return db.execute("select count(*) as n from auth.sessions where user_id = %s", (user_id,)).fetchone()["n"]

    assert sessions() == 2

    # When the laptop signs out, Then the phone's session lives on
    laptop.get_by_role("button", name="Sign out", exact=True).click()
    expect(laptop.get_by_role("button", name="Sign in")).to_be_visible()
    assert sessions() == 1

    # When the phone signs out on all devices, Then no session is left
    phone.get_by_role("button", name="Sign out on all devices").click()
    expect(phone.get_by_role("button", name="Sign in")).to_be_visible()
    assert sessions() == 0


def test_a_wrong_password_is_refused_in_plain_words(open_page, local_stack, admin_credentials):
    # Given the dashboard's sign-in form
    page = open_page(f"{local_stack.web_url}/admin/", tolerate=("status of 400",))

    # When the admin's password is mistyped
    page.get_by_label("Email", exact=True).fill(admin_credentials[0])
    page.get_by_label("Password", exact=True).fill(admin_credentials[1] + "x")
    page.get_by_role("button", name="Sign in").click()

    # Then the page says so in its own words, not Supabase Auth's
    expect(page.get_by_text("That email and password don't match. Check them and try again.")).to_be_visible()
    expect(page.get_by_text("Invalid login credentials")).to_have_count(0)
