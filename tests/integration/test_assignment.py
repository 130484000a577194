"""Assignment: one admin handling a chat, given and taken by any admin, seen by all."""

from __future__ import annotations

import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.api import listed_sessions
from tests.support.database import drop_cached_settings


def _ids(session_api, **query):
    return set(listed_sessions(session_api, **query))


def test_an_admin_takes_a_chat_and_the_list_shows_it_as_mine(session_api, admin_session, chat):
    me = admin_session["user"]["id"]

    response = session_api.at("/assign")("POST", body={"chat_id": chat["id"], "assignee_id": me})

    assert response.status == 200
    assert (response.body["session"]["assignee_id"], response.body["session"]["assignee_name"]) == (me, "Test Admin")
    assert chat["id"] in _ids(session_api, assignee="me")
    assert chat["id"] not in _ids(session_api, assignee="none")


def test_a_chat_given_to_a_colleague_is_theirs_not_mine(session_api, chat, second_admin_token):
    colleague = session_api.as_(second_admin_token).at("/me")("GET").body["user_id"]

    session_api.at("/assign")("POST", body={"chat_id": chat["id"], "assignee_id": colleague})

    assert chat["id"] not in _ids(session_api, assignee="me")
    assert chat["id"] in _ids(session_api.as_(second_admin_token), assignee="me")


def test_unassigning_leaves_the_chat_to_nobody(session_api, admin_session, chat):
    session_api.at("/assign")("POST", body={"chat_id": chat["id"], "assignee_id": admin_session["user"]["id"]})

    response = session_api.at("/assign")("POST", body={"chat_id": chat["id"], "assignee_id": None})

    assert response.body["session"]["assignee_id"] is None
    assert chat["id"] in _ids(session_api, assignee="none")


def test_a_chat_cannot_go_to_someone_who_is_not_an_admin(session_api, chat):
    before = session_api("GET", query={"id": chat["id"]}).body["session"]["assignee_id"]

    response = session_api.at("/assign")("POST", body={"chat_id": chat["id"], "assignee_id": str(uuid.uuid4())})

    # Refused, and the chat's assignee is as it was
    assert response.status == 400 and "not an active chat admin" in response.body["error"]["message"]
    assert session_api("GET", query={"id": chat["id"]}).body["session"]["assignee_id"] == before


def test_assigning_an_unknown_chat_is_a_404_and_a_bad_filter_a_422(session_api, local_stack):
    assert session_api.at("/assign")("POST", body={"chat_id": str(uuid.uuid4()), "assignee_id": None}).status == 404
    assert session_api("GET", query={"assignee": "someone"}).status == 422


def test_the_customer_receives_who_handles_its_chat_live(supabase_js, session_api, admin_session, chats, chat):
    # Given the customer subscribed to its session's changes
    watching = supabase_js(chats.customer_token(chat["id"]))
    watching.subscribed(
        f"chat:{chat['id']}",
        changes=[{"event": "UPDATE", "schema": "public", "table": "chat_sessions", "filter": f"id=eq.{chat['id']}"}],
    )

    # When an admin takes the chat
    session_api.at("/assign")("POST", body={"chat_id": chat["id"], "assignee_id": admin_session["user"]["id"]})

    # Then the customer learns the name of who handles it
    change = watching.wait_for(lambda e: e["kind"] == "postgres_changes")
    assert change["payload"]["new"]["assignee_name"] == "Test Admin"


def test_the_team_lists_every_admin_by_name(session_api, second_admin_token):
    admins = session_api.at("/admins")("GET").body["admins"]

    names = [a["display_name"] for a in admins]
    assert {"Test Admin", "Second Admin"} <= set(names) and names == sorted(names, key=str.lower)


@pytest.fixture
def round_robin(monkeypatch, db):
    """Automatic assignment on, as CHAT_AUTO_ASSIGN=round_robin deploys it, with every admin
    offline to begin with (other tests' dashboards may have left theirs beating)."""
    monkeypatch.setenv("CHAT_AUTO_ASSIGN", "round_robin")
    drop_cached_settings()
    db.execute("update public.chat_admins set online = false, last_assigned_at = null")
    yield
    monkeypatch.delenv("CHAT_AUTO_ASSIGN")
    drop_cached_settings()
    db.execute("update public.chat_admins set online = false")


def _online_admins(new_admin, session_api, count):
    """`count` new admins whose dashboards are open (they beat through the API): (id, token) each."""
    admins = [new_admin(name=f"Agent {n}") for n in range(count)]
    for _, token in admins:
        assert session_api.as_(token).at("/online")("POST", body={"online": True}).status == 200
    return admins


def test_100_chats_created_at_once_go_round_robin_to_the_5_online_admins(round_robin, new_admin, session_api):
    # Given five admins online
    agents = [admin_id for admin_id, _ in _online_admins(new_admin, session_api, 5)]

    # When 100 chats are created at the same moment, 20 at a time
    with ThreadPoolExecutor(max_workers=20) as pool:
        created = list(pool.map(lambda n: session_api("POST", body={"customer_name": f"Rush {n}"}), range(100)))

    # Then every chat is assigned, and each admin has exactly 20
    assert all(response.status == 201 for response in created)
    per_admin = Counter(response.body["session"]["assignee_id"] for response in created)
    assert per_admin == dict.fromkeys(agents, 20)


def test_a_new_chat_goes_to_nobody_when_no_admin_is_online(round_robin, session_api):
    response = session_api("POST", body={"customer_name": "Night owl"})

    assert response.status == 201 and response.body["session"]["assignee_id"] is None


def test_an_admin_whose_dashboard_closed_is_skipped(round_robin, new_admin, session_api):
    # Given two admins online, then the first one's dashboard closing (its leave)
    (first, first_token), (second, _) = _online_admins(new_admin, session_api, 2)
    session_api.as_(first_token).at("/online")("POST", body={"online": False})

    # When chats are created, they all go to the second
    assignees = {
        session_api("POST", body={"customer_name": f"After {n}"}).body["session"]["assignee_id"] for n in range(4)
    }

    assert assignees == {second}


def test_an_owner_who_turns_automatic_assignment_off_outranks_the_deployment(
    round_robin, team_choice, new_admin, session_api
):
    # Given the deployment's round robin and an admin online
    _online_admins(new_admin, session_api, 1)

    # When the owner turns automatic assignment off for the team
    chosen = session_api.at("/team/settings")("PATCH", body={"auto_assign": "off"})

    # Then the team says so, and a new chat stays unassigned
    assert chosen.status == 200 and chosen.body == {"auto_assign": "off"}
    assert session_api.at("/team")("GET").body["auto_assign"] == "off"
    assert session_api("POST", body={"customer_name": "Left alone"}).body["session"]["assignee_id"] is None


def test_a_team_that_chose_round_robin_gets_it_where_the_deployment_is_off(db, new_admin, session_api):
    # Given an admin online, and a deployment that leaves new chats unassigned (the tests' own)
    [(agent, _)] = _online_admins(new_admin, session_api, 1)

    # When the team's choice is round robin, and a chat is created (in a transaction rolled back:
    # committed, the choice would hand other tests' new chats out while they run)
    owner = _owner_id(db)
    with db.transaction(force_rollback=True):
        db.execute("update public.chat_admins set online = (user_id = %s)", (agent,))
        db.execute("select public.chat_set_team_settings(%s, 'round_robin')", (owner,))
        created = db.execute(
            "select public.chat_create_session(gen_random_uuid(), 'Taken in turn', null, null, repeat('ab', 32),"
            " now(), %s, false) as session",
            (owner,),
        ).fetchone()["session"]

    # Then the chat went to the online admin
    assert created["assignee_id"] == agent


def _owner_id(db) -> str:
    return str(db.execute("select user_id from public.chat_admins where role = 'owner' limit 1").fetchone()["user_id"])


def test_until_an_owner_chooses_the_team_shows_the_deployments_default(session_api):
    assert session_api.at("/team")("GET").body["auto_assign"] == "off"  # CHAT_AUTO_ASSIGN is off in tests


def test_an_unknown_assignment_mode_is_refused_by_name(session_api):
    response = session_api.at("/team/settings")("PATCH", body={"auto_assign": "random"})

    assert (response.status, response.body["error"]["field"]) == (422, "auto_assign")
