"""A Supabase-compatible gateway for the subset this project uses, on one port as
`supabase start` serves it (http://localhost:54321).

- API keys: every request but the JWKS carries `apikey` (publishable or secret), as Supabase's
  API gateway demands; `Authorization: Bearer` is that key or a JWT the project signed.
- PostgREST RPC: POST /rest/v1/rpc/<fn> with named arguments in a JSON object, run as
  PostgREST runs it (logged in as `authenticator`, the role's own settings, then the role and
  its claims in `request.jwt.claims`; STABLE/IMMUTABLE functions in a read-only transaction),
  answered with the function's JSON or PostgREST's error shape and status mapping; 503 while
  the database is away.
- Auth: see local/gotrue.py. Realtime: see local/realtime/.
- CORS for any origin, as Supabase answers browsers (keys, not cookies, carry identity).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import psycopg
from aiohttp import web
from aiohttp.typedefs import Handler
from psycopg import sql
from psycopg_pool import PoolTimeout

from local.database import SUPERUSER, ServicePool, as_role, connection_lost
from local.gotrue import AuthService
from local.json_error import JsonError, json_errors
from local.kept import KeptJson
from local.mailbox import Mailbox
from local.push import PREFIX as PUSH_PREFIX
from local.push import LocalPushService
from local.realtime import RealtimeServer, RealtimeSettings
from local.ses import PREFIX as SES_PREFIX
from local.ses import LocalSes

log = logging.getLogger("local.gateway")

EXPOSED_SCHEMA = "public"
JSON_CONTENT_TYPE = "application/json"


@dataclass(frozen=True)
class ApiKeys:
    """The project's API keys, as Supabase issues them: publishable (anon) and secret (service_role)."""

    publishable: str
    secret: str

    def role_of(self, key: str | None) -> str | None:
        return {self.publishable: "anon", self.secret: "service_role"}.get(key or "")

    @staticmethod
    def looks_like_key(token: str | None) -> bool:
        return token is not None and token.startswith("sb_")


def postgrest_error(status: int, code: str | None, message: str, details: Any = None, hint: Any = None) -> JsonError:
    """PostgREST's error shape."""
    return JsonError(status, {"code": code, "details": details, "hint": hint, "message": message})


@dataclass(frozen=True)
class Function:
    name: str
    arg_names: tuple[str, ...]
    arg_types: tuple[str, ...]
    required: frozenset[str]
    returns_set: bool
    read_only: bool  # STABLE or IMMUTABLE: PostgREST runs it in a read-only transaction (Plan.hs, txMode)

    def accepts(self, given: set[str]) -> bool:
        return given <= set(self.arg_names) and self.required <= given


CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "apikey, authorization, content-type, x-client-info, x-supabase-api-version, "
    "prefer, accept-profile, content-profile, x-retry-count",
    "Access-Control-Max-Age": "600",
}


@web.middleware
async def _cors(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method == "OPTIONS":
        return web.Response(status=204, headers=CORS_HEADERS)
    response = await handler(request)
    if not response.prepared:  # a websocket has already sent its headers
        response.headers.update(CORS_HEADERS)
    return response


def postgrest_status(sqlstate: str, message: str, role: str) -> int:
    """PostgREST's mapping of SQLSTATE to HTTP status (src/library/PostgREST/Error.hs, mapSQLtoHTTP)."""
    if sqlstate.startswith("PT") and sqlstate[2:].isdigit():
        return int(sqlstate[2:])
    if sqlstate == "21000":  # cardinality_violation; pg-safeupdate's refusal is the client's fault
        return 400 if message.endswith("requires a WHERE clause") else 500
    if sqlstate == "22023":  # invalid_parameter_value; a JWT naming a role that does not exist is 401
        return 401 if message.startswith("role") and message.endswith("does not exist") else 400
    if sqlstate == "42883":
        return 406 if message.startswith("function xmlagg(") else 404
    exact = {
        "23503": 409,
        "23505": 409,
        "25006": 405,
        "53400": 500,
        "57P01": 503,
        "P0001": 400,
        "42P01": 404,
        "42P17": 500,
        "42501": 401 if role == "anon" else 403,
    }
    if sqlstate in exact:
        return exact[sqlstate]
    by_class = {
        "08": 503,
        "09": 500,
        "0L": 403,
        "0P": 403,
        "25": 500,
        "28": 403,
        "2D": 500,
        "38": 500,
        "39": 500,
        "3B": 500,
        "40": 500,
        "53": 503,
        "54": 500,
        "55": 500,
        "57": 500,
        "58": 500,
        "F0": 500,
        "HV": 500,
        "P0": 500,
        "XX": 500,
    }
    return by_class.get(sqlstate[:2], 400)


# Reached without an API key: the JWKS, and the email link a person opens in a browser (Kong's
# auth-v1-open routes, supabase/docker/volumes/api/kong.yml); the local mailbox and the local
# push service (which stands in for a browser vendor's, not for Supabase) are ours.
_OPEN_PATHS = frozenset({"/auth/v1/.well-known/jwks.json", "/auth/v1/verify", "/local/mailbox", "/local/mail"})


def database_unavailable() -> JsonError:
    """PostgREST while its connection is gone (PGRST001; Error.hs: ConnectionUsageError -> 503)."""
    return postgrest_error(503, "PGRST001", "Database client error. Retrying the connection.")


class SupabaseGateway:
    def __init__(
        self,
        server_url: str,
        keys: ApiKeys,
        signing_jwk: dict[str, Any],
        public_url: str,
        site_url: str,
        realtime_settings: RealtimeSettings | None = None,
        kept_dir: Path | None = None,
    ) -> None:
        self.keys = keys
        # PostgREST logs in as authenticator and switches role per request; Auth and Realtime
        # have their own privileged connections.
        self.pool = ServicePool(as_role(server_url, "authenticator"), max_size=10)
        self.admin_pool = ServicePool(as_role(server_url, SUPERUSER), max_size=10)
        # kept_dir: where `make dev` keeps mail and pushes across restarts (None: memory only)
        self.mailbox = Mailbox(KeptJson.under(kept_dir, "mail.json"))
        self.ses = LocalSes(self.mailbox)  # what the notifier sends, into the same catcher
        self.push = LocalPushService(public_url, KeptJson.under(kept_dir, "push.json"))
        # Auth's own login, which owns the auth schema's tables and nothing else.
        self.auth_pool = ServicePool(as_role(server_url, "supabase_auth_admin"), max_size=5)
        self.auth = AuthService(
            self.auth_pool,
            signing_jwk,
            issuer=f"{public_url}/auth/v1",
            role_of_key=keys.role_of,
            site_url=site_url,
            mailbox=self.mailbox,
        )
        self.realtime = RealtimeServer(
            self.admin_pool,
            as_role(server_url, SUPERUSER),
            keys.role_of,
            self.claims_of,
            realtime_settings or RealtimeSettings(),
        )
        self._functions: dict[str, list[Function]] = {}
        self._role_settings: dict[str, list[tuple[str, str]]] | None = None

    def app(self) -> web.Application:
        app = web.Application(middlewares=[_cors, json_errors, self._require_api_key])
        app.on_startup.append(self._open)  # the pool first: Realtime's start uses it
        app.router.add_post("/rest/v1/rpc/{fn}", self.rpc)
        self.auth.add_routes(app)
        self.mailbox.add_routes(app)
        self.ses.add_routes(app)
        self.push.add_routes(app)
        self.realtime.add_routes(app)
        app.on_cleanup.append(self._close)  # and last
        return app

    async def _open(self, _: web.Application) -> None:
        await self.pool.open()
        await self.admin_pool.open()
        await self.auth_pool.open()

    async def _close(self, _: web.Application) -> None:
        await self.pool.close()
        await self.admin_pool.close()
        await self.auth_pool.close()

    # -- who is calling ---------------------------------------------------------------------
    @staticmethod
    def _api_key(request: web.Request) -> str | None:
        return request.headers.get("apikey") or request.query.get("apikey")

    @web.middleware
    async def _require_api_key(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if (
            request.path not in _OPEN_PATHS
            and not request.path.startswith((PUSH_PREFIX, SES_PREFIX))  # AWS's, not Supabase's
            and request.method != "OPTIONS"
        ):
            api_key = self._api_key(request)
            if not api_key:
                raise JsonError(
                    401,
                    {
                        "message": "No API key found in request",
                        "hint": "No `apikey` request header or url param was found.",
                    },
                )
            if self.keys.role_of(api_key) is None:
                raise JsonError(
                    401,
                    {
                        "message": "Invalid API key",
                        "hint": "Double check your Supabase `anon` or `service_role` API key.",
                    },
                )
        return await handler(request)

    def claims_of(self, token: str | None, api_key: str | None) -> dict[str, Any]:
        """What a bearer stands for, for PostgREST and Realtime alike: an API key (or none) for
        its key's role; otherwise a JWT this project signed, for a role it serves. Raises
        jwt.PyJWTError for anything else."""
        if not token or self.keys.role_of(token):
            return {"role": self.keys.role_of(token) or self.keys.role_of(api_key)}
        claims = self.auth.verify(token)
        if claims.get("role") not in ("anon", "authenticated", "service_role"):
            raise jwt.InvalidTokenError("the JWT's role is not one this project serves")
        return claims

    def authenticate(self, request: web.Request) -> tuple[str, dict[str, Any]]:
        """The role and claims of a request, as PostgREST decides them."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if token and scheme.lower() != "bearer":
            raise postgrest_error(401, "PGRST301", "No suitable key or wrong key type")
        if self.keys.looks_like_key(token) and token != self._api_key(request):
            # Supabase's API gateway takes an sb_ key as the bearer only beside the same apikey:
            # a secret key cannot ride along with the publishable one.
            raise JsonError(
                401, {"message": "Invalid API key", "hint": "The key in Authorization must be the request's apikey."}
            )
        try:
            claims = self.claims_of(token, self._api_key(request))
        except jwt.ExpiredSignatureError as exc:
            raise postgrest_error(401, "PGRST303", "JWT expired") from exc
        except jwt.PyJWTError as exc:
            raise postgrest_error(401, "PGRST301", "JWT could not be decoded") from exc
        return claims["role"], claims

    # -- PostgREST RPC ----------------------------------------------------------------------
    async def _load_functions(self, name: str) -> list[Function]:
        async with self.pool.connection() as conn:
            rows = await (
                await conn.execute(
                    """
                select coalesce(p.proargnames, '{}'), p.pronargs, p.pronargdefaults, p.proretset,
                       array(select format_type(t, null) from unnest(p.proargtypes) t), p.provolatile <> 'v'
                from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where n.nspname = %s and p.proname = %s
                """,
                    (EXPOSED_SCHEMA, name),
                )
            ).fetchall()
        functions = []
        for names, nargs, ndefaults, returns_set, types, read_only in rows:
            arg_names = tuple(names[:nargs])
            functions.append(
                Function(
                    name, arg_names, tuple(types), frozenset(arg_names[: nargs - ndefaults]), returns_set, read_only
                )
            )
        return functions

    async def _resolve(self, name: str, given: set[str]) -> Function:
        for attempt in range(2):  # a miss reloads the cache once, as PostgREST's schema cache reload would
            if attempt or name not in self._functions:
                self._functions[name] = await self._load_functions(name)
            match = next((fn for fn in self._functions[name] if fn.accepts(given)), None)
            if match:
                return match
        args = ", ".join(sorted(given))
        raise postgrest_error(
            404,
            "PGRST202",
            f"Could not find the function {EXPOSED_SCHEMA}.{name}({args}) in the schema cache",
            hint="If a new function was created in the database with this name and parameters, "
            "try reloading the schema cache.",
        )

    @staticmethod
    def _call_sql(fn: Function, given: list[str]) -> sql.Composed:
        target = sql.Identifier(EXPOSED_SCHEMA, fn.name)
        types = dict(zip(fn.arg_names, fn.arg_types, strict=True))
        args = sql.SQL(", ").join(sql.SQL("{} := _.{}").format(sql.Identifier(n), sql.Identifier(n)) for n in given)
        columns = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(n), sql.SQL(types[n])) for n in given)
        source = sql.SQL("from json_to_record(%s::json) as _({})").format(columns) if given else sql.SQL("")
        if fn.returns_set:
            return sql.SQL("select coalesce(json_agg(_r), '[]')::text {} {} {}({}) _r").format(
                source, sql.SQL(", lateral" if given else "from"), target, args
            )
        return sql.SQL("select to_json({}({}))::text {}").format(target, args, source)

    async def rpc(self, request: web.Request) -> web.Response:
        role, claims = self.authenticate(request)
        raw = await request.read()
        try:
            params = json.loads(raw) if raw.strip() else {}
        except ValueError as exc:
            raise postgrest_error(400, "PGRST102", "Empty or invalid json") from exc
        if not isinstance(params, dict):
            raise postgrest_error(400, "PGRST102", "Argument to a function call must be a JSON object")
        try:
            fn = await self._resolve(request.match_info["fn"], set(params))
            given = [name for name in fn.arg_names if name in params]
            query = self._call_sql(fn, given)
            # As PostgREST's PreQuery.hs, in one statement: the role's own settings (its
            # statement_timeout), then the role, then the claims with the role in them.
            settings = [
                *(await self._load_role_settings()).get(role, []),
                ("role", role),
                ("request.jwt.claims", json.dumps({**claims, "role": role})),
                ("request.method", request.method),
                ("request.path", request.path),
            ]
            pre_query = sql.SQL("select {}").format(
                sql.SQL(", ").join(sql.SQL("set_config(%s, %s, true)") for _ in settings)
            )
            # The whole transaction in one message and one round trip: a multi-statement query
            # is one implicit transaction (rolled back on any error), so set_config(…, true)
            # lasts until the function returns, as in PostgREST's transaction. Values are bound
            # by psycopg's client-side quoting (ClientCursor), which such a query needs.
            statements = [*([sql.SQL("set transaction read only")] if fn.read_only else []), pre_query, query]
            values = [value for setting in settings for value in setting] + ([json.dumps(params)] if given else [])
            async with self.pool.connection() as conn:
                cursor = psycopg.AsyncClientCursor(conn)
                await cursor.execute(sql.SQL("; ").join(statements), values)
                while cursor.nextset():  # the function's result is the last statement's
                    pass
                row = await cursor.fetchone()
        except (psycopg.Error, PoolTimeout) as exc:
            if connection_lost(exc):
                raise database_unavailable() from exc
            raise self._postgrest_error(exc, role) from exc
        return web.Response(
            text=row[0] if row and row[0] is not None else "null", content_type=JSON_CONTENT_TYPE, charset="utf-8"
        )

    @staticmethod
    def _postgrest_error(exc: psycopg.Error, role: str) -> JsonError:
        state, diag = exc.sqlstate or "XX000", exc.diag
        message = diag.message_primary or str(exc)
        return postgrest_error(
            postgrest_status(state, message, role), state, message, details=diag.message_detail, hint=diag.message_hint
        )

    async def _load_role_settings(self) -> dict[str, list[tuple[str, str]]]:
        """Settings of the roles authenticator may become, read once as PostgREST does at
        start (Config/Database.hs, queryRoleSettings)."""
        if self._role_settings is None:
            async with self.pool.connection() as conn:
                rows = await (
                    await conn.execute(
                        """
                    select r.rolname, split_part(setting, '=', 1), substr(setting, strpos(setting, '=') + 1)
                    from pg_auth_members m
                    join pg_roles r on r.oid = m.roleid
                    cross join lateral unnest(r.rolconfig) as setting
                    where m.member = current_user::regrole
                    """
                    )
                ).fetchall()
            settings: dict[str, list[tuple[str, str]]] = {}
            for role, name, value in rows:
                settings.setdefault(role, []).append((name, value))
            self._role_settings = settings
        return self._role_settings
