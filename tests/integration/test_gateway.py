"""The local Supabase gateway answers the real supabase-py as Supabase does."""

from __future__ import annotations

import uuid
from typing import Any

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

    data: Any = (
        server.rpc("chat_get_session", {"p_id": chat["id"], "p_caller": "gateway-test", "p_as_admin": False})
        .execute()
        .data
    )

    assert data["id"] == chat["id"] and data["status"] == "open"


def test_sql_status_codes_become_http_status(local_stack):
    response = requests.post(
        f"{local_stack.supabase_url}/rest/v1/rpc/chat_get_session",
        json={"p_id": str(uuid.uuid4()), "p_caller": "gateway-test", "p_as_admin": False},
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
    published = db.execute("select tablename from pg_publication_tables where pubname = 'supabase_realtime'").fetchall()

    assert {"tablename": "chat_messages"} in published


@pytest.fixture
def sql_probe(db):
    """probe(body, volatility='volatile') -> the name of a throwaway public function running `body`."""
    made = []

    def _make(body: str, volatility: str = "volatile") -> str:
        name = f"probe_{uuid.uuid4().hex[:8]}"
        db.execute(
            f"create function public.{name}() returns int language plpgsql {volatility} as $$ begin {body} end $$"
        )
        made.append(name)
        return name

    db.execute("create table if not exists public.gateway_probe_rows (n int)")
    yield _make
    for name in made:
        db.execute(f"drop function public.{name}()")
    db.execute("drop table public.gateway_probe_rows")


def _call(local_stack, function: str) -> requests.Response:
    return requests.post(
        f"{local_stack.supabase_url}/rest/v1/rpc/{function}",
        json={},
        headers={"apikey": local_stack.keys.secret},
        timeout=5,
    )


def test_a_stable_function_runs_in_a_read_only_transaction(local_stack, sql_probe, db):
    # Given a function declared STABLE that writes anyway, through a volatile helper
    helper = sql_probe("insert into public.gateway_probe_rows values (1); return 1;")
    writer = sql_probe(f"return public.{helper}();", "stable")

    # When it is called over RPC
    response = _call(local_stack, writer)

    # Then, as PostgREST runs it read-only, Postgres refuses the write: 405, nothing stored
    assert response.status_code == 405 and response.json()["code"] == "25006"
    assert db.execute("select count(*) as n from public.gateway_probe_rows").fetchone()["n"] == 0


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("return (select x from generate_series(1, 2) x);", 500),  # 21000: more than one row
        ("raise sqlstate '22023' using message = 'role \"ghost\" does not exist';", 401),
        ("raise sqlstate '22023' using message = 'invalid value for parameter';", 400),
        ("raise sqlstate '57P01' using message = 'terminating connection due to administrator command';", 503),
        ("raise sqlstate '57014' using message = 'canceling statement due to statement timeout';", 500),
    ],
)
def test_sqlstates_postgrest_treats_specially_get_its_status(local_stack, sql_probe, body, status):
    assert _call(local_stack, sql_probe(body)).status_code == status


def test_the_anon_role_runs_with_its_statement_timeout(local_stack, sql_probe, db):
    # Given a function anyone may call that takes longer than anon's 3 s statement timeout
    slow = sql_probe("perform pg_sleep(4); return 1;")

    # When a browser (publishable key) calls it
    response = requests.post(
        f"{local_stack.supabase_url}/rest/v1/rpc/{slow}",
        json={},
        headers={"apikey": local_stack.keys.publishable},
        timeout=10,
    )

    # Then Postgres cancels it as on Supabase (57014)
    assert response.status_code == 500 and response.json()["code"] == "57014"


def test_a_secret_key_beside_the_publishable_key_is_refused(local_stack):
    response = requests.post(
        f"{local_stack.supabase_url}/rest/v1/rpc/chat_list_sessions",
        json={},
        headers={"apikey": local_stack.keys.publishable, "Authorization": f"Bearer {local_stack.keys.secret}"},
        timeout=5,
    )

    assert response.status_code == 401 and response.json()["message"] == "Invalid API key"
