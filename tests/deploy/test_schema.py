"""supabase/schema/ is the database the migrations build, and names each function's route."""

from __future__ import annotations

import re

from tools.schema import dump, written


def test_the_committed_schema_is_what_the_migrations_build(local_stack):
    # Given the database the test run's migrations built, When it is mapped, Then the committed map is it
    built, committed = dump(local_stack.database_url), written()
    stale = sorted(path for path in built.keys() | committed.keys() if built.get(path) != committed.get(path))
    assert stale == [], f"supabase/schema/ is stale ({', '.join(stale[:5])}): run `make schema` and commit it"


def test_the_map_shows_what_realtime_publishes_and_what_auth_users_triggers(local_stack):
    built = dump(local_stack.database_url)

    assert "ALTER PUBLICATION supabase_realtime ADD TABLE public.chat_messages;" in built["realtime.sql"]
    assert re.search(
        r"CREATE TRIGGER \w+ AFTER INSERT ON auth\.users .* chat_private\.admit_invited_user", built["auth.sql"]
    )
    assert "public/functions/chat_send_message.sql" in built
    assert "[chat_sessions](public/tables/chat_sessions.sql) | yes |" in built["README.md"]


def test_every_function_the_api_calls_names_the_route_or_command_it_serves(db):
    rows = db.execute(
        """
        select p.proname as name, obj_description(p.oid, 'pg_proc') as comment
        from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname like 'chat\\_%'
        """
    ).fetchall()

    names_its_caller = re.compile(r"(GET|POST|PATCH|DELETE) /chat-|Every admin route|tools\.\w+ ")
    unnamed = [row["name"] for row in rows if not names_its_caller.match(row["comment"] or "")]
    assert rows and unnamed == []
