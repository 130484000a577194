"""The local Supabase gateway answers the real supabase-py as Supabase does."""

from __future__ import annotations

import uuid

import pytest
import requests
from postgrest.exceptions import APIError
from supabase import create_client


def test_publishable_key_cannot_call_chat_functions(local_stack):
    # Given a browser's client with only the publishable (anon) key
    anon = create_client(local_stack.supabase_url, local_stack.keys.publishable)

    # When it calls a chat function directly
    with pytest.raises(APIError) as failure:
        anon.rpc("chat_list_sessions", {"p_limit": 5}).execute()

    # Then Postgres refuses it: execute is granted to service_role only
    assert failure.value.code == "42501"


def test_secret_key_calls_a_function_and_gets_its_json(local_stack, chat):
    server = create_client(local_stack.supabase_url, local_stack.keys.secret)

    data = server.rpc("chat_get_session", {"p_id": chat["id"]}).execute().data

    assert data["id"] == chat["id"] and data["status"] == "open"


def test_sql_status_codes_become_http_status(local_stack):
    response = requests.post(
        f"{local_stack.supabase_url}/rest/v1/rpc/chat_get_session",
        json={"p_id": str(uuid.uuid4())},
        headers={"apikey": local_stack.keys.secret},
        timeout=5,
    )

    assert response.status_code == 404
    assert response.json()["code"] == "PT404"


def test_request_without_api_key_is_a_401(local_stack):
    response = requests.post(f"{local_stack.supabase_url}/rest/v1/rpc/chat_get_session", json={}, timeout=5)

    assert response.status_code == 401


def test_request_with_a_wrong_api_key_is_a_401(local_stack):
    response = requests.post(
        f"{local_stack.supabase_url}/rest/v1/rpc/chat_get_session",
        json={"p_id": str(uuid.uuid4())},
        headers={"apikey": "sb_secret_guess"},
        timeout=5,
    )

    assert response.status_code == 401


def test_unknown_function_or_argument_is_pgrst202(local_stack):
    server = create_client(local_stack.supabase_url, local_stack.keys.secret)

    with pytest.raises(APIError) as failure:
        server.rpc("chat_get_session", {"p_session": str(uuid.uuid4())}).execute()

    assert failure.value.code == "PGRST202"


def test_rls_is_enabled_on_every_chat_table(db):
    rows = db.execute(
        "select relname, relrowsecurity from pg_class where relname in ('chat_sessions', 'chat_messages')"
    ).fetchall()

    assert {r["relname"]: r["relrowsecurity"] for r in rows} == {"chat_sessions": True, "chat_messages": True}


def test_chat_functions_are_executable_by_service_role_only(db):
    rows = db.execute(
        """
        select p.proname,
               has_function_privilege('service_role', p.oid, 'execute') as service_role,
               has_function_privilege('anon', p.oid, 'execute') as anon,
               has_function_privilege('authenticated', p.oid, 'execute') as authenticated
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proname like 'chat\\_%'
        """
    ).fetchall()

    assert len(rows) >= 6
    assert all(r["service_role"] and not r["anon"] and not r["authenticated"] for r in rows), rows


def test_chat_messages_are_in_the_realtime_publication(db):
    published = db.execute(
        "select tablename from pg_publication_tables where pubname = 'supabase_realtime'"
    ).fetchall()

    assert {"tablename": "chat_messages"} in published
