"""Forged, stale or misdirected credentials fail closed."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from jwt.utils import base64url_decode, base64url_encode

from tests.support.tokens import customer_claims
from tools.keys import generate_signing_jwk


def _b64(data: bytes) -> str:
    return base64url_encode(data).decode()


def _admin_claims(admin_session: dict, supabase_url: str) -> dict:
    now = int(time.time())
    return {
        "iss": f"{supabase_url}/auth/v1",
        "aud": "authenticated",
        "role": "authenticated",
        "sub": admin_session["user"]["id"],
        "iat": now,
        "exp": now + 600,
    }


def test_a_token_signed_by_another_key_with_the_projects_kid_is_refused(session_api, admin_session, local_stack):
    # Given admin claims signed by an attacker's key that borrows the project's kid
    attacker = generate_signing_jwk()
    token = jwt.encode(
        _admin_claims(admin_session, local_stack.supabase_url),
        jwt.PyJWK(attacker).key,
        algorithm="ES256",
        headers={"kid": local_stack.signing_jwk["kid"]},
    )

    # When it lists sessions
    response = session_api.as_(token)("GET")

    # Then it is not signed in
    assert response.status == 401


def test_an_unsigned_alg_none_token_is_refused(session_api, admin_session, local_stack):
    token = jwt.encode(
        _admin_claims(admin_session, local_stack.supabase_url),
        None,  # type: ignore[arg-type]  # the forgery under test: no key at all
        algorithm="none",
        headers={"kid": local_stack.signing_jwk["kid"]},
    )

    assert session_api.as_(token)("GET").status == 401


def test_an_hs256_token_keyed_with_the_public_key_is_refused(session_api, admin_session, local_stack):
    # Given the classic confusion attack: HMAC over the token, keyed with the published key
    public_pem = (
        jwt.PyJWK(local_stack.signing_jwk)
        .key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": local_stack.signing_jwk["kid"]}).encode())
    payload = _b64(json.dumps(_admin_claims(admin_session, local_stack.supabase_url)).encode())
    signature = _b64(hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest())

    response = session_api.as_(f"{header}.{payload}.{signature}")("GET")

    assert response.status == 401


def test_an_expired_customer_token_is_refused(message_api, chat, local_stack):
    now = int(time.time())
    expired = jwt.encode(
        customer_claims(chat["id"], iat=now - 1200, exp=now - 300),
        jwt.PyJWK(local_stack.signing_jwk).key,
        algorithm="ES256",
        headers={"kid": local_stack.signing_jwk["kid"]},
    )

    response = message_api.as_(expired)("GET", query={"chatId": chat["id"]})

    assert response.status == 401


def test_a_customer_token_edited_to_name_another_chat_is_refused(message_api, chats, customer_token):
    # Given customer A's real token with its chat_id claim swapped for B's (signature kept)
    chat_a, chat_b = chats.create()["id"], chats.create()["id"]
    header, payload, signature = customer_token(chat_a).split(".")
    claims = json.loads(base64url_decode(payload))
    edited = _b64(json.dumps({**claims, "chat_id": chat_b}).encode())

    response = message_api.as_(f"{header}.{edited}.{signature}")("GET", query={"chatId": chat_b})

    assert response.status == 401


def test_a_customer_token_of_another_chat_cannot_read_or_write_this_one(
    message_api, chats, customer_token, stored_messages
):
    chat_a, chat_b = chats.create()["id"], chats.create()["id"]
    intruder = message_api.as_(customer_token(chat_b))

    read = intruder("GET", query={"chatId": chat_a})
    write = intruder("POST", body={"chat_id": chat_a, "content": "let me in"})

    assert (read.status, write.status) == (403, 403)
    assert stored_messages(chat_a) == []


def test_a_rotated_link_stops_working_and_the_new_one_works(chats, session_api, chat):
    old_capability = chats.capabilities[chat["id"]]

    rotated = session_api.at("/rotate-link")("POST", body={"chat_id": chat["id"]})
    new_capability = rotated.body["link"].split("#token=")[1]

    assert chats.join(chat["id"], old_capability).status == 401
    assert chats.join(chat["id"], new_capability).status == 200


def test_an_expired_link_cannot_join(chats, chat, db):
    db.execute(
        "update chat_private.chat_links set expires_at = now() - interval '1 second' where chat_id = %s", (chat["id"],)
    )

    response = chats.join(chat["id"])

    assert response.status == 401 and "expired" in response.body["error"]["message"]


def test_a_link_token_for_another_chat_cannot_join_this_one(chats):
    chat_a, chat_b = chats.create()["id"], chats.create()["id"]

    response = chats.join(chat_a, chats.capabilities[chat_b])

    assert response.status == 401


def test_joining_an_unknown_chat_looks_like_a_wrong_token(chats, chat):
    response = chats.join(str(uuid.uuid4()), chats.capabilities[chat["id"]])

    assert response.status == 401
