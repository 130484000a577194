"""The local Supabase survives a Postgres restart as the hosted one does: 503 while the
database is away (never 500), and every part back by itself once it returns. These tests stop
Postgres, so they run on a stack of their own."""

from __future__ import annotations

import os
import uuid

import pytest
import requests

from local.admins import create_admin, password_grant
from local.realtime import RealtimeSettings
from local.stack import LocalStack
from tests.support.realtime import SupabaseJs, is_postgres_ready

EMAIL, PASSWORD = "restart@chat.test", "survives a restart"


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory):
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("stopping Postgres needs the embedded server")
    stack = LocalStack.throwaway(
        tmp_path_factory.mktemp("restart") / "data",
        realtime=RealtimeSettings(postgres_changes_ready_after=(0.2, 0.4), private_only=True),
    ).start()
    stack.admin_id = str(create_admin(stack.database_url, EMAIL, PASSWORD, "Restart Admin"))  # type: ignore[attr-defined]  # this module's own note
    yield stack
    stack.stop()


def _list_sessions(stack: LocalStack) -> requests.Response:
    return requests.post(
        f"{stack.supabase_url}/rest/v1/rpc/chat_list_sessions",
        json={"p_caller": stack.admin_id},  # type: ignore[attr-defined]
        headers={"apikey": stack.keys.secret},
        timeout=10,
    )


def _sign_in(stack: LocalStack) -> requests.Response:
    return requests.post(
        f"{stack.supabase_url}/auth/v1/token?grant_type=password",
        json={"email": EMAIL, "password": PASSWORD},
        headers={"apikey": stack.keys.publishable},
        timeout=10,
    )


def test_while_postgres_is_away_data_api_and_auth_answer_503_then_recover(own_stack):
    # Given both services have pooled connections
    assert _list_sessions(own_stack).status_code == 200 and _sign_in(own_stack).status_code == 200

    # When Postgres goes away, they say so with 503
    with own_stack.database_away():
        away = _list_sessions(own_stack), _sign_in(own_stack)
        assert [r.status_code for r in away] == [503, 503]
        assert away[0].json()["code"] == "PGRST001"

    # Then once it is back the very next requests succeed (no dead pooled connection is used)
    assert _list_sessions(own_stack).status_code == 200
    assert _sign_in(own_stack).status_code == 200


def test_realtime_delivers_again_after_postgres_restarts(own_stack):
    # Given an admin's dashboard subscribed to new chats
    token = password_grant(own_stack.supabase_url, own_stack.keys.publishable, EMAIL, PASSWORD)["access_token"]
    client = SupabaseJs(own_stack.supabase_url, own_stack.keys.publishable, token)
    try:
        client.subscribed("dashboard", changes=[{"event": "INSERT", "schema": "public", "table": "chat_sessions"}])

        # When Postgres restarts
        with own_stack.database_away():
            pass

        # Then Realtime subscribes again by itself (the system message clients backfill on), and
        # new changes flow
        client.wait_for(is_postgres_ready, timeout=15)
        created = requests.post(
            f"{own_stack.supabase_url}/rest/v1/rpc/chat_create_session",
            json={
                "p_id": str(uuid.uuid4()),
                "p_customer_name": "After the restart",
                "p_customer_email": None,
                "p_metadata": None,
                "p_link_token_hash": "00" * 32,
                "p_link_expires_at": "2099-01-01T00:00:00Z",
                "p_admin_id": own_stack.admin_id,
            },
            headers={"apikey": own_stack.keys.secret},
            timeout=10,
        )
        assert created.status_code == 200, created.text
        change = client.wait_for(lambda e: e["kind"] == "postgres_changes")
        assert change["payload"]["new"]["customer_name"] == "After the restart"
    finally:
        client.close()
