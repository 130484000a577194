"""Search from the dashboard, on the server: customer name or email as a substring, words in
any of a chat's messages (the last as a prefix), over every chat, not a loaded page."""

from __future__ import annotations

import uuid

import pytest

from tests.support.api import listed_sessions


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


def _words() -> str:
    """A word no other test writes (the fuzzer writes freely), for a search to find only ours."""
    return "zq" + uuid.uuid4().hex[:10]


def test_the_best_match_comes_first_with_its_message_and_the_words_marked(session_api, chats):
    # Given one chat that talks of the word at length, and one that mentions it in passing
    word = _words()
    passing, about = chats.create(name="In Passing"), chats.create(name="All About It")
    chats.send(passing["id"], f"Hello, I have many questions about several things, one of them is {word} maybe")
    chats.send(about["id"], "Hi there")
    about_seq = chats.send(about["id"], f"{word} {word} is broken, the {word} again").body["message"]["seq"]

    # When an admin searches for it
    found = session_api("GET", query={"q": word}).body["sessions"]

    # Then the chat about it ranks first, opened at that message, its words marked in the snippet
    assert [s["id"] for s in found] == [about["id"], passing["id"]]
    assert found[0]["match"]["seq"] == about_seq
    assert found[0]["match"]["rank"] > found[1]["match"]["rank"]
    assert f"\x02{word}\x03 \x02{word}\x03 is broken" in found[0]["match"]["snippet"]


def test_a_name_match_ranks_first_and_opens_no_message(session_api, chats):
    word = _words()
    by_message, by_name = chats.create(name="Someone"), chats.create(name=f"Customer {word}")
    chats.send(by_message["id"], f"my name is not {word}")

    found = session_api("GET", query={"q": word}).body["sessions"]

    assert [s["id"] for s in found] == [by_name["id"], by_message["id"]]
    assert found[0]["match"] == {"rank": 1.0, "seq": None, "snippet": None}


def test_search_results_page_by_rank_without_repeats_or_gaps(session_api, chats):
    # Given five chats that match, each a little differently
    word = _words()
    ids = set()
    for n in range(5):
        chat = chats.create(name=f"Paged {n}")
        chats.send(chat["id"], " ".join([word] * (n + 1) + ["filler"] * (5 - n)))
        ids.add(chat["id"])

    # When an admin pages through two at a time
    seen, cursor, ranks = [], None, []
    while True:
        page = session_api("GET", query={"q": word, "limit": 2, **({"cursor": cursor} if cursor else {})}).body
        seen += [s["id"] for s in page["sessions"]]
        ranks += [s["match"]["rank"] for s in page["sessions"]]
        if not (cursor := page["next_cursor"]):
            break

    # Then every chat came once, best first
    assert sorted(seen) == sorted(ids) and len(seen) == 5
    assert ranks == sorted(ranks, reverse=True)


def test_search_combines_with_the_assignee_filter(session_api, chats, admin_session):
    word = _words()
    mine, nobodys = chats.create(name="Mine"), chats.create(name="Nobody's")
    for chat in (mine, nobodys):
        chats.send(chat["id"], f"about {word}")
    session_api.at("/assign")("POST", body={"chat_id": mine["id"], "assignee_id": admin_session["user"]["id"]})

    assert _found(session_api, word, assignee="me") == {mine["id"]}
    assert _found(session_api, word, assignee="none") == {nobodys["id"]}


def test_a_list_cursor_is_refused_by_a_search(session_api, chats):
    listed = session_api("GET", query={"limit": 1}).body

    answer = session_api("GET", query={"q": "anything", "cursor": listed["next_cursor"]})

    assert (answer.status, answer.body["error"]["code"]) == (400, "bad_request")
