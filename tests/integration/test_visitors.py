"""A site's visitors start chats from the widget, come back to them, and are refused when the
page is not on the site, the identity is not the site's, or they start too many."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

import jwt
import pytest
from jwt.utils import base64url_encode

from tests.support.api import listed_sessions
from tests.support.visitors import SHOP, SiteServer


def test_a_visitor_starts_a_chat_the_team_sees_waiting_and_unread(visitors, site, message_api, session_api):
    # When a visitor on the shop starts a chat from the widget, with where it is
    started = visitors.start(
        site,
        "Do you ship to Norway?",
        customer_name="Ola",
        context={
            "page_url": f"{SHOP}/boots",
            "referrer": "https://search.example/",
            "time_zone": "Europe/Oslo",
            "language": "nb-NO",
        },
    )

    # Then it gets a token for its chat and a credential to keep; its message is there
    assert started.status == 201, started.body
    chat = started.body["opened"]["session"]
    assert started.body["visitor_token"] and started.body["message"]["content"] == "Do you ship to Norway?"
    as_visitor = message_api.as_(started.body["opened"]["access_token"])
    assert [m["content"] for m in as_visitor("GET", query={"chatId": chat["id"]}).body["messages"]] == [
        "Do you ship to Norway?"
    ]
    # And the team sees the chat, from the site, waiting and unread, with where the visitor was
    listed = listed_sessions(session_api)[chat["id"]]
    assert listed["site_id"] == site["id"] and listed["customer_name"] == "Ola"
    assert listed["unread"] == 1 and listed["waiting_since"] is not None
    assert listed["context"] == {
        "page_url": f"{SHOP}/boots",
        "referrer": "https://search.example/",
        "time_zone": "Europe/Oslo",
        "language": "nb-NO",
    }


def test_a_retried_start_returns_the_chat_it_made(visitors, site, db):
    # Given a start whose answer was lost
    client_msg_id = str(uuid.uuid4())
    first = visitors.start(site, "hello", client_msg_id=client_msg_id)

    # When the widget sends it again
    again = visitors.start(site, "hello", client_msg_id=client_msg_id)

    # Then it gets the same chat and credential; one chat, one message are stored
    assert again.status == 201, again.body
    assert again.body["opened"]["session"]["id"] == first.body["opened"]["session"]["id"]
    assert again.body["visitor_token"] == first.body["visitor_token"]
    stored = db.execute("select count(*) from chat_sessions where site_id = %s", (site["id"],)).fetchone()
    assert stored["count"] == 1


def test_a_reload_resumes_the_chat_with_the_visitor_credential(visitors, site, message_api):
    # Given a visitor's chat, and the credential the widget kept
    started = visitors.start(site, "first words")
    credential = started.body["visitor_token"]

    # When the page is loaded again
    resumed = visitors.resume(site, visitor_token=credential)

    # Then the same chat opens, with a fresh token that reads it, and no new credential
    assert resumed.status == 200, resumed.body
    chat_id = started.body["opened"]["session"]["id"]
    assert resumed.body["opened"]["session"]["id"] == chat_id and resumed.body["visitor_token"] is None
    read = message_api.as_(resumed.body["opened"]["access_token"])("GET", query={"chatId": chat_id})
    assert read.status == 200


def test_after_a_close_the_visitor_sees_the_earlier_chat_and_starts_a_new_one(visitors, site, session_api):
    # Given a visitor whose chat the team closed
    started = visitors.start(site, "can you help?")
    credential, first_id = started.body["visitor_token"], started.body["opened"]["session"]["id"]
    assert session_api("DELETE", query={"chatId": first_id}).status == 200

    # When it comes back, and writes again
    back = visitors.resume(site, visitor_token=credential)
    again = visitors.start(site, "one more question", visitor_token=credential)

    # Then no chat opens by itself, the earlier one is listed, and the new one is a second chat
    assert back.body["opened"] is None and [s["id"] for s in back.body["sessions"]] == [first_id]
    assert again.status == 201 and again.body["visitor_token"] is None
    assert [s["id"] for s in again.body["sessions"]] == [again.body["opened"]["session"]["id"], first_id]
    # And the earlier chat can be opened to read
    earlier = visitors.resume(site, visitor_token=credential, chat_id=first_id)
    assert earlier.body["opened"]["session"]["status"] == "closed"


def test_a_visitor_cannot_open_another_visitors_chat(visitors, site):
    mine = visitors.start(site, "mine").body
    theirs = visitors.start(site, "theirs").body

    opened = visitors.resume(site, visitor_token=mine["visitor_token"], chat_id=theirs["opened"]["session"]["id"])

    assert opened.status == 404


def test_a_forgotten_browser_resumes_nothing(visitors, site):
    credential = visitors.start(site, "hello").body["visitor_token"]

    forgotten = visitors.forget(site, visitor_token=credential)
    back = visitors.resume(site, visitor_token=credential)

    assert forgotten.status == 200
    assert back.status == 401 and back.error_code == "visitor_unknown"


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("https://evil.example", None),  # a page elsewhere calls the API itself
        (None, None),  # not a browser: no website at all
        ("https://shop.example.evil.example", None),
    ],
    ids=["other-site", "no-origin", "look-alike"],
)
def test_a_page_not_on_the_site_cannot_start_a_chat(visitors, site, db, origin, host):
    started = visitors.start(site, "hello", origin=origin)
    settings = visitors.settings(site, origin=origin)

    assert started.status == 403 and started.error_code == "origin_not_allowed"
    assert settings.status == 403 and settings.error_code == "origin_not_allowed"
    assert db.execute("select count(*) from chat_sessions where site_id = %s", (site["id"],)).fetchone()["count"] == 0


def test_the_widget_frame_names_its_host_which_must_be_the_sites(visitors, site, local_stack):
    # Given the widget's frame, on the pages' own origin
    pages = local_stack.web_url

    # When it starts chats for a host page on the site, and for one that is not
    listed = visitors.start(site, "from the shop", origin=pages, host_origin=SHOP)
    unlisted = visitors.start(site, "from elsewhere", origin=pages, host_origin="https://evil.example")

    # Then only the first is started
    assert listed.status == 201, listed.body
    assert unlisted.status == 403 and unlisted.error_code == "origin_not_allowed"


def test_an_unknown_site_key_is_404(visitors):
    started = visitors.start({"site_key": "site_" + "0" * 32}, "hello")

    assert started.status == 404 and started.error_code == "site_not_found"


def test_the_widget_gets_the_sites_look_and_fields(visitors):
    site = visitors.site(
        name="Tea House", email_field="required", name_field="hidden", colour="#7c2d12", welcome_line="Ask us about tea"
    )

    settings = visitors.settings(site)

    assert settings.status == 200
    assert settings.body == {
        "site_key": site["site_key"],
        "name": "Tea House",
        "identity_mode": "off",
        "name_field": "hidden",
        "email_field": "required",
        "welcome_line": "Ask us about tea",
        "colour": "#7c2d12",
        "position": "right",
    }


def test_a_required_pre_chat_field_left_empty_is_named(visitors):
    site = visitors.site(email_field="required", name_field="hidden")

    missing = visitors.start(site, "hello", customer_name="Kept Out")
    given = visitors.start(site, "hello", customer_name="Dropped", customer_email="tea@example.com")

    assert missing.status == 400 and missing.error_code == "prechat_field_required"
    assert missing.body["error"]["field"] == "customer_email"
    # A hidden field is not kept, even when sent
    assert given.status == 201 and given.body["opened"]["session"]["customer_name"] is None


def test_too_many_new_chats_from_one_address_wait(visitors, site, rate_limit, db):
    # Given the production limit: 6 new chats per address per 12 hours
    rate_limit("start_per_address", 6, 43200)
    address = "203.0.113.29"
    answers = [visitors.start(site, f"chat {n}", source_ip=address).status for n in range(7)]

    # Then the seventh waits, told how long, and is not stored; another address still starts
    assert answers == [201] * 6 + [429]
    refused = visitors.start(site, "one more", source_ip=address)
    assert 1 <= int(refused.headers["Retry-After"]) <= 43200
    assert db.execute("select count(*) from chat_sessions where site_id = %s", (site["id"],)).fetchone()["count"] == 6
    assert visitors.start(site, "someone else").status == 201


def test_a_busy_site_waits_past_its_own_budget(visitors, site, rate_limit):
    rate_limit("start_per_site", 2, 3600)

    answers = [visitors.start(site, f"chat {n}").status for n in range(3)]

    assert answers == [201, 201, 429]


# -- verified identity ----------------------------------------------------------------------


@pytest.fixture
def shop_server() -> SiteServer:
    return SiteServer()


@pytest.fixture
def members_only(visitors, shop_server):
    """A site that lets only its signed-in users chat."""
    return visitors.site(keys=[shop_server], identity_mode="required")


def test_a_verified_visitor_resumes_on_another_device(visitors, members_only, shop_server, session_api):
    # Given a signed-in user of the shop who started a chat on its laptop
    token = shop_server.identity_token("user-42", email="ada@example.com", name="Ada")
    laptop = visitors.start(members_only, "my order is late", identity_token=token)
    assert laptop.status == 201, laptop.body
    chat_id = laptop.body["opened"]["session"]["id"]

    # When the same user opens the widget on its phone (no credential there yet)
    phone = visitors.resume(members_only, identity_token=shop_server.identity_token("user-42"))

    # Then the chat opens there too, with a credential for the phone; the team sees it verified
    assert phone.status == 200, phone.body
    assert phone.body["opened"]["session"]["id"] == chat_id and phone.body["visitor_token"]
    listed = listed_sessions(session_api)[chat_id]
    assert listed["identity_sub"] == "user-42"
    assert (listed["customer_name"], listed["customer_email"]) == ("Ada", "ada@example.com")


def test_another_identity_does_not_see_the_chat(visitors, members_only, shop_server):
    visitors.start(members_only, "private", identity_token=shop_server.identity_token("user-1"))

    other = visitors.resume(members_only, identity_token=shop_server.identity_token("user-2"))

    assert other.status == 200 and other.body["sessions"] == [] and other.body["opened"] is None


def _forged(server: SiteServer) -> str:
    return SiteServer(kid=server.kid).identity_token("user-42")


def _expired(server: SiteServer) -> str:
    return server.identity_token("user-42", expires_in=-120)


def _too_far_ahead(server: SiteServer) -> str:
    return server.identity_token("user-42", expires_in=48 * 3600)


def _unknown_kid(server: SiteServer) -> str:
    return SiteServer().identity_token("user-42")


def _alg_none(server: SiteServer) -> str:
    return jwt.encode(
        {"sub": "user-42", "exp": int(time.time()) + 600}, "", algorithm="none", headers={"kid": server.kid}
    )


def _public_key_as_hmac_secret(server: SiteServer) -> str:
    """The old confusion attack: HS256 'signed' with the public key everyone can read."""
    header = base64url_encode(json.dumps({"alg": "HS256", "typ": "JWT", "kid": server.kid}).encode())
    payload = base64url_encode(json.dumps({"sub": "user-42", "exp": int(time.time()) + 600}).encode())
    secret = json.dumps(server.public_jwk).encode()
    signature = base64url_encode(hmac.new(secret, header + b"." + payload, hashlib.sha256).digest())
    return (header + b"." + payload + b"." + signature).decode()


def _no_sub(server: SiteServer) -> str:
    return jwt.encode(
        {"exp": int(time.time()) + 600}, server.private_key, algorithm="ES256", headers={"kid": server.kid}
    )


@pytest.mark.parametrize(
    "make_token",
    [_forged, _expired, _too_far_ahead, _unknown_kid, _alg_none, _public_key_as_hmac_secret, _no_sub],
    ids=["forged", "expired", "more-than-24h-ahead", "unknown-kid", "alg-none", "public-key-as-hmac", "no-sub"],
)
def test_an_identity_the_site_did_not_sign_is_refused(visitors, members_only, shop_server, make_token, db):
    started = visitors.start(members_only, "let me in", identity_token=make_token(shop_server))
    resumed = visitors.resume(members_only, identity_token=make_token(shop_server))

    assert started.status == 401 and started.error_code == "identity_invalid", started.body
    assert resumed.status == 401 and resumed.error_code == "identity_invalid"
    count = db.execute("select count(*) from chat_sessions where site_id = %s", (members_only["id"],)).fetchone()
    assert count["count"] == 0


def test_an_anonymous_visitor_of_a_members_only_site_is_refused(visitors, members_only):
    started = visitors.start(members_only, "hello?")
    resumed = visitors.resume(members_only, visitor_token="x" * 43)

    assert started.status == 401 and started.error_code == "identity_required"
    assert resumed.status == 401 and resumed.error_code == "identity_required"


def test_a_rotated_key_still_verifies_until_it_is_removed(visitors, members_only, shop_server, session_api):
    # Given the site adds its next key beside the current one
    next_server = SiteServer()
    added = session_api.at("/sites/keys")(
        "POST", body={"site_id": members_only["id"], "public_jwk": next_server.public_jwk}
    )
    assert added.status == 201

    # Then tokens of both verify; once the old key is removed, only the new one's
    assert visitors.start(members_only, "old", identity_token=shop_server.identity_token("u")).status == 201
    assert visitors.start(members_only, "new", identity_token=next_server.identity_token("u")).status == 201
    session_api.at("/sites/keys")("DELETE", query={"site_id": members_only["id"], "kid": shop_server.kid})
    old = visitors.start(members_only, "old again", identity_token=shop_server.identity_token("u"))
    assert old.status == 401 and old.error_code == "identity_invalid"


def test_a_visitors_first_message_is_notified_to_the_team_like_any_customers(visitors, site, db):
    # When a visitor starts a chat
    chat_id = visitors.start(site, "Is anyone there?").body["opened"]["session"]["id"]

    # Then the team's unread-message notifications are open for it, as for a link's customer
    rows = db.execute("select recipient_type from chat_private.notifications where chat_id = %s", (chat_id,)).fetchall()
    assert rows and {row["recipient_type"] for row in rows} == {"admin"}


def test_a_visitors_chat_goes_round_robin_when_the_team_chose_it(
    visitors, site, db, new_admin, admin_session, session_api
):
    # Given an admin online (its dashboard beats), and the team's choice of round robin (in a
    # transaction rolled back: committed, it would hand out other tests' new chats while they run)
    agent, token = new_admin(name="Round Robin Agent")
    assert session_api.as_(token).at("/online")("POST", body={"online": True}).status == 200
    with db.transaction(force_rollback=True):
        db.execute("update public.chat_admins set online = (user_id = %s)", (agent,))
        db.execute("select public.chat_set_team_settings(%s, 'round_robin')", (admin_session["user"]["id"],))

        # When a visitor starts a chat on the site
        started = db.execute(
            "select public.chat_start_visitor_chat(%s, %s, '198.18.7.7', null, gen_random_uuid(), repeat('cd', 32),"
            " null, gen_random_uuid(), 'Vi', null, 'hello', gen_random_uuid(), '{}', repeat('ab', 32), now(), false)"
            " as answer",
            (site["site_key"], site["origins"][0]),
        ).fetchone()["answer"]

    # Then it went to the online admin, as a link's chat would
    assert started["opened"]["session"]["assignee_id"] == agent
