"""supabase/schema.sql is the database the migrations build, and names each function's route."""

from __future__ import annotations

import re

from tools.schema import SCHEMA_FILE, dump


def test_the_committed_schema_is_what_the_migrations_build(local_stack):
    assert SCHEMA_FILE.read_text() == dump(local_stack.database_url), (
        "supabase/schema.sql is stale: run `make schema` and commit it"
    )


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
