"""Every list fits a Lambda response (issue 35, item 3): the largest rows a list can hold, read
through the routes (whose invocations fail past Lambda's 6 MB, local/lambda_runtime.py), come
a page at a time under the budget, and paging reaches every row once."""

from __future__ import annotations

import json

import pytest

# 4,000 astral characters: the longest text a note or a reply may hold, and the most bytes it
# can take once escaped in a Lambda response (\ud83d\ude00 is 12 bytes a character).
LONGEST_TEXT = "\U0001f600" * 4000
SIX_MB = 6 * 1024 * 1024


def _pages(route, field, query=None):
    """Every page the route gives, following next_cursor; each page's serialized size."""
    pages, cursor = [], None
    while True:
        response = route("GET", query={**(query or {}), **({"cursor": cursor} if cursor else {})})
        assert response.status == 200, response.body
        pages.append((response.body[field], len(json.dumps(response.body).encode())))
        if not (cursor := response.body["next_cursor"]):
            return pages


def test_a_chat_with_200_of_the_longest_notes_is_read_in_pages_under_6_mb(message_api, chat, db):
    # Given a chat with 200 notes, each the longest allowed
    db.execute(
        "insert into public.chat_notes (chat_id, author_id, author_name, body, created_at)"
        " select %s, (select user_id from public.chat_admins limit 1), 'Test Admin', %s,"
        " now() - make_interval(secs => 200 - n) from generate_series(1, 200) n",
        (chat["id"], LONGEST_TEXT),
    )

    # When the dashboard reads them, newest page first, then older pages
    pages = _pages(message_api.at("/notes"), "notes", {"chatId": chat["id"]})

    # Then every page is under 6 MB, and together they hold each note once, oldest first
    assert len(pages) > 1 and all(size < SIX_MB for _, size in pages)
    notes = [note for page, _ in reversed(pages) for note in page]
    assert len({note["id"] for note in notes}) == 200
    assert [note["created_at"] for note in notes] == sorted(note["created_at"] for note in notes)


@pytest.fixture
def no_saved_replies(db):
    db.execute("delete from chat_private.saved_replies")
    yield
    db.execute("delete from chat_private.saved_replies")


def test_500_of_the_longest_saved_replies_are_read_in_pages_under_6_mb(message_api, db, no_saved_replies):
    # Given 500 saved replies, each of the longest title and body allowed
    db.execute(
        "insert into chat_private.saved_replies (title, body, updated_by)"
        " select lpad(n::text, 3, '0') || %s, %s, (select user_id from public.chat_admins limit 1)"
        " from generate_series(1, 500) n",
        ("\U0001f600" * 97, LONGEST_TEXT),
    )

    # When the dashboard reads them a page at a time
    pages = _pages(message_api.at("/replies"), "replies")

    # Then every page is under 6 MB, and the pages hold all 500 once, by title
    assert len(pages) > 1 and all(size < SIX_MB for _, size in pages)
    titles = [reply["title"] for page, _ in pages for reply in page]
    assert len(titles) == 500 and titles == sorted(titles)


def test_a_page_of_replies_holds_at_most_the_limit_asked_for(message_api, db, no_saved_replies):
    # Given 5 short replies
    db.execute(
        "insert into chat_private.saved_replies (title, body, updated_by)"
        " select 'Reply ' || n, 'Body', (select user_id from public.chat_admins limit 1) from generate_series(1, 5) n"
    )

    # When a page of 2 is asked for, Then 2 come, with a cursor to the rest
    page = message_api.at("/replies")("GET", query={"limit": 2}).body
    rest = message_api.at("/replies")("GET", query={"cursor": page["next_cursor"]}).body

    assert [r["title"] for r in page["replies"]] == ["Reply 1", "Reply 2"]
    assert [r["title"] for r in rest["replies"]] == ["Reply 3", "Reply 4", "Reply 5"] and rest["next_cursor"] is None
