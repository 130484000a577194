"""Search from the dashboard, on the server: customer name or email as a substring, words in
any of a chat's messages (the last as a prefix), over every chat, not a loaded page."""

from __future__ import annotations

import uuid

import pytest
from conftest import listed_sessions


def _found(session_api, q, **query):
    return set(listed_sessions(session_api, q=q, **query))


def test_a_word_from_any_message_finds_its_chat(session_api, chats):
    # Given two chats, one whose customer once wrote about an invoice
    invoice, other = chats.create(name="Search One"), chats.create(name="Search Two")
    chats.send(invoice["id"], "My invoice number 90210 looks wrong")
    chats.send(other["id"], "Where is my parcel?")

    # When an admin searches for the word, or its beginning
    # Then only that chat is found
    assert _found(session_api, "90210") == {invoice["id"]}
    assert invoice["id"] in _found(session_api, "invoi") and other["id"] not in _found(session_api, "invoi")


def test_every_word_must_appear(session_api, chats):
    chat = chats.create(name="Search Words")
    chats.send(chat["id"], "the blue kettle 55713 arrived broken")

    assert chat["id"] in _found(session_api, "kettle 55713")
    assert chat["id"] not in _found(session_api, "kettle 55714")


def test_a_name_or_email_is_found_by_any_part_in_any_case(session_api, chats):
    chat = chats.create(name="Grace Brewster Hopper", email="amazing.grace@example.com")

    assert chat["id"] in _found(session_api, "BREWSTER")
    assert chat["id"] in _found(session_api, "amazing.gr")


def test_percent_and_underscore_are_taken_literally(session_api, chats):
    token = uuid.uuid4().hex[:8]  # other tests (the fuzzer among them) name chats freely
    underscore = chats.create(name="Search Literal", email=f"{token}_x@example.com")
    percent = chats.create(name=f"{token}% off", email=None)
    chats.create(name="Search Literal Two", email=f"{token}yx@example.com")
    chats.create(name=f"{token}0 off", email=None)

    assert _found(session_api, f"{token}_x") == {underscore["id"]}
    assert _found(session_api, f"{token}%") == {percent["id"]}


def test_search_keeps_the_status_filter(session_api, chats):
    chat = chats.create(name="Search Closed 31337")
    session_api("DELETE", query={"id": chat["id"]})

    assert _found(session_api, "31337", status="open") == set()
    assert _found(session_api, "31337", status="closed") == {chat["id"]}


@pytest.mark.parametrize("q", ["", "x" * 201])
def test_an_empty_or_over_long_search_is_a_422(session_api, q):
    assert session_api("GET", query={"q": q}).status == 422


def test_a_customer_cannot_search(session_api, chats, chat):
    assert session_api.as_(chats.customer_token(chat["id"]))("GET", query={"q": "a"}).status == 403
