"""Saved replies: the team's canned answers, kept by title, for admins only."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def replies(message_api, db):
    """The replies route as the admin, on a team with none saved (other tests, the fuzzer
    among them, save replies too), and none left after."""
    db.execute("delete from chat_private.saved_replies")
    yield message_api.at("/replies")
    db.execute("delete from chat_private.saved_replies")


def test_a_saved_reply_is_listed_by_title_for_every_admin(replies, message_api, second_admin_token):
    # Given two replies saved by one admin
    replies("POST", body={"title": "Shipping times", "body": "Orders ship within 2 days."})
    replies("POST", body={"title": "refund policy", "body": "You can return anything within 30 days."})

    # Then another admin sees both, by title
    listed = message_api.as_(second_admin_token).at("/replies")("GET").body["replies"]
    assert [r["title"] for r in listed] == ["refund policy", "Shipping times"]


def test_a_saved_reply_can_be_changed_and_deleted(replies):
    saved = replies("POST", body={"title": "Greeting", "body": "Hi!"}).body

    changed = replies("POST", body={"id": saved["id"], "title": "Greeting", "body": "Hello there!"})
    deleted = replies("DELETE", query={"id": saved["id"]})

    assert changed.status == 200 and changed.body["body"] == "Hello there!"
    assert deleted.body == {"id": saved["id"], "deleted": True}
    assert replies("GET").body["replies"] == []


def test_two_replies_cannot_share_a_title_in_any_case(replies):
    replies("POST", body={"title": "Greeting", "body": "Hi!"})

    response = replies("POST", body={"title": "GREETING ", "body": "Hello!"})

    assert response.status == 409 and "title" in response.body["error"]["message"]
    assert len(replies("GET").body["replies"]) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"title": "", "body": "x"},
        {"title": "x" * 101, "body": "x"},
        {"title": "Blank", "body": "   "},
        {"title": "Long", "body": "x" * 4001},
        {"title": "Extra", "body": "x", "shortcut": "/x"},
    ],
)
def test_a_malformed_reply_is_a_422_and_saves_nothing(replies, body):
    assert replies("POST", body=body).status == 422
    assert replies("GET").body["replies"] == []


def test_changing_or_deleting_an_unknown_reply_is_a_404(replies):
    unknown = str(uuid.uuid4())

    assert replies("POST", body={"id": unknown, "title": "x", "body": "y"}).status == 404
    assert replies("DELETE", query={"id": unknown}).status == 404


def test_a_customer_cannot_read_or_change_saved_replies(replies, message_api, chats, chat):
    replies("POST", body={"title": "Internal", "body": "Only for the team"})
    customer = message_api.as_(chats.customer_token(chat["id"])).at("/replies")

    assert customer("GET").status == 403
    assert customer("POST", body={"title": "Mine", "body": "x"}).status == 403
    assert customer("DELETE", query={"id": str(uuid.uuid4())}).status == 403
