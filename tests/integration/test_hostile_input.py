"""No input gets a 500: whatever arrives, the API answers with a clear JSON error and stores
nothing it should not."""

from __future__ import annotations

import json

import psycopg
import pytest

SEND_FIELDS = '"chat_id": "{chat_id}", "content": {content}'


def _send_raw(message_api, customer_token, chat_id, raw, content_type="application/json"):
    return message_api.as_(customer_token(chat_id))("POST", raw_body=raw, headers={"Content-Type": content_type})


@pytest.mark.parametrize(
    "content_type", ["APPLICATION/JSON", "application/json; charset=utf-8", "Application/Json;charset=UTF-8"]
)
def test_json_is_recognised_whatever_its_case_and_parameters(message_api, chat, customer_token, content_type):
    raw = json.dumps({"chat_id": chat["id"], "content": "hello"})

    response = _send_raw(message_api, customer_token, chat["id"], raw, content_type)

    assert response.status == 201, response.body


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", ""])
def test_a_body_that_is_not_json_is_415(message_api, chat, customer_token, content_type, stored_messages):
    raw = json.dumps({"chat_id": chat["id"], "content": "hello"})

    response = _send_raw(message_api, customer_token, chat["id"], raw, content_type)

    assert response.status == 415 and response.error_code == "unsupported_media_type"
    assert stored_messages(chat["id"]) == []


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b'{"content": "\\xff\\xfe"}'.replace(b"\\xff\\xfe", b"\xff\xfe"), "not UTF-8"),
        ('{"chat_id": "{chat_id}", "content": NaN}', "NaN"),
        ('{"chat_id": "{chat_id}", "content": "x", "client_msg_id": Infinity}', "Infinity"),
        ('{"chat_id": "{chat_id}", "content": "x"', "truncated"),
        ('{"chat_id": "{chat_id}", "content": 1' + "0" * 5000 + "}", "a number too long to parse"),
    ],
)
def test_a_body_that_cannot_be_read_is_400(message_api, chat, customer_token, raw, why, stored_messages):
    body = raw.replace("{chat_id}", chat["id"]) if isinstance(raw, str) else raw

    response = _send_raw(message_api, customer_token, chat["id"], body)

    assert response.status == 400, (why, response.body)
    assert response.error_code == "malformed_json"
    assert stored_messages(chat["id"]) == []


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ('"\\ud800 alone"', "a lone surrogate"),
        ('"before\\u0000after"', "a NUL character"),
    ],
)
def test_text_postgres_cannot_store_is_422(message_api, chat, customer_token, content, why, stored_messages):
    raw = "{" + SEND_FIELDS.format(chat_id=chat["id"], content=content) + "}"

    response = _send_raw(message_api, customer_token, chat["id"], raw)

    assert response.status == 422, (why, response.body)
    assert stored_messages(chat["id"]) == []


def test_json_nested_deeper_than_the_limit_is_422(session_api):
    deep = "[" * 400 + "]" * 400

    response = session_api("POST", raw_body=f'{{"customer_name": "Deep", "metadata": {{"x": {deep}}}}}')

    assert response.status == 422 and response.error_code == "validation_failed"


@pytest.mark.parametrize(
    ("metadata", "why"),
    [
        ({"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}, "six levels"),
        ({f"key{n}": n for n in range(101)}, "101 keys"),
        ({"note": "x" * 5000}, "over 4 KiB"),
    ],
)
def test_metadata_beyond_its_limits_is_422_and_nothing_is_created(session_api, metadata, why, db):
    before = db.execute("select count(*) as n from chat_sessions").fetchone()["n"]

    response = session_api("POST", body={"customer_name": "Meta", "metadata": metadata})

    assert response.status == 422, (why, response.body)
    assert "metadata" in response.body["error"]["message"]
    assert db.execute("select count(*) as n from chat_sessions").fetchone()["n"] == before


def test_metadata_within_its_limits_is_stored_and_listed(session_api):
    metadata = {"plan": "pro", "order": {"id": 42, "items": [1, 2, 3]}, "tags": ["a", "b"]}

    created = session_api("POST", body={"customer_name": "Meta OK", "metadata": metadata})
    listed = session_api("GET", query={"limit": 200, "status": "open"})

    assert created.status == 201 and created.body["session"]["metadata"] == metadata
    assert listed.status == 200


@pytest.mark.parametrize("query", [{"after_seq": 10**30}, {"before_seq": 2**63}, {"limit": 10**100}])
def test_numbers_beyond_what_we_store_are_422_not_a_database_error(message_api, chat, query):
    response = message_api("GET", query={"chatId": chat["id"], **query})

    assert response.status == 422, response.body
    assert "bigint" not in json.dumps(response.body)


def test_a_message_of_4000_escaped_emoji_fits_the_body_limit(message_api, chat, customer_token):
    content = "\U0001f600" * 4000
    raw = json.dumps({"chat_id": chat["id"], "content": content})  # ensure_ascii: 12 bytes per emoji

    response = _send_raw(message_api, customer_token, chat["id"], raw)

    assert len(raw) > 32 * 1024
    assert response.status == 201 and response.body["message"]["content"] == content


CONTROL_CHARACTER_EMAILS = [
    "\u00fe\u00a2@v\x87.\x08\u00b0o",
    "ada\x08@example.com",
    "ada@exam\tple.com",
    "a..b@example.com",
]


@pytest.mark.parametrize("email", CONTROL_CHARACTER_EMAILS)
def test_an_address_neither_the_database_nor_ses_would_take_is_refused_everywhere(session_api, email):
    # When a chat, an invitation and a data request are made for it
    answers = [
        session_api("POST", body={"customer_name": "Ctrl", "customer_email": email}),
        session_api.at("/team")("POST", body={"email": email, "display_name": "Ctrl"}),
        session_api.at("/customer-data")("POST", body={"email": email}),
    ]

    # Then each is a clear 422 naming the field
    assert [(a.status, a.error_code) for a in answers] == [(422, "validation_failed")] * 3


@pytest.mark.parametrize("email", CONTROL_CHARACTER_EMAILS)
def test_the_database_itself_refuses_such_an_address_for_a_new_chat(db, admin_session, email):
    # When the SQL function is called directly (as any caller of it could), Then it refuses
    with pytest.raises(psycopg.Error) as refused, db.transaction(force_rollback=True):
        db.execute(
            "select public.chat_create_session(gen_random_uuid(), 'Ctrl', %s, null, repeat('0', 64),"
            " now() + interval '1 day', %s)",
            (email, admin_session["user"]["id"]),
        )
    assert refused.value.sqlstate == "PT400" and "customer_email must be an email address" in str(refused.value)


@pytest.mark.parametrize(
    "email",
    [
        *CONTROL_CHARACTER_EMAILS,
        "ada@example.com",
        "o'neil+tag@mail.example.ie",
        "x@localhost",
        "a" * 64 + "@example.com",
        "a" * 65 + "@example.com",
        "ada@-example.com",
        "ada@example.c0m",
    ],
)
def test_the_api_and_the_database_take_the_same_addresses(db, email):
    from chat_core.models import CustomerEmail
    from pydantic import TypeAdapter, ValidationError

    try:
        TypeAdapter(CustomerEmail).validate_python(email)
        api_takes = True
    except ValidationError:
        api_takes = False

    database_takes = db.execute("select chat_private.is_email(%s) as ok", (email,)).fetchone()["ok"]

    assert api_takes == database_takes
