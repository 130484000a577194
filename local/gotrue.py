"""The Supabase Auth (GoTrue) subset the dashboard uses: password and refresh grants, the
current user, logout, and the JWKS. Users live in the shim's auth.users (bcrypt hashes);
access tokens are ES256 with the project's signing key, exactly as a Supabase project with
an asymmetric key issues them, so the API verifies them on its production path."""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any

import bcrypt
import jwt
import psycopg
from aiohttp import web
from aiohttp.typedefs import Handler
from psycopg.rows import dict_row
from psycopg_pool import PoolTimeout

from local.database import ServicePool, connection_lost
from local.json_error import JsonError
from tools.keys import public_jwk

ACCESS_TOKEN_SECONDS = 3600  # Supabase's default JWT expiry


def _auth_error(status: int, error_code: str, message: str) -> JsonError:
    """GoTrue's error shape."""
    return JsonError(status, {"code": status, "error_code": error_code, "msg": message})


def _needs_database(route: Handler) -> Handler:
    """503 while the database is away; the pool hands out only live connections, so the first
    request after it is back succeeds."""

    async def answer(request: web.Request) -> web.StreamResponse:
        try:
            return await route(request)
        except (psycopg.Error, PoolTimeout) as exc:
            if not connection_lost(exc):
                raise
            raise _auth_error(503, "unexpected_failure", "Database is unavailable, try again shortly") from exc

    return answer


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


class AuthService:
    def __init__(self, pool: ServicePool, signing_jwk: dict[str, Any], issuer: str) -> None:
        self.pool, self.issuer = pool, issuer
        self.kid = signing_jwk["kid"]
        self._private_key = jwt.PyJWK(signing_jwk).key
        self._public_jwk = public_jwk(signing_jwk)
        self._public_key = jwt.PyJWK(self._public_jwk).key

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/auth/v1/.well-known/jwks.json", self.jwks)
        app.router.add_post("/auth/v1/token", _needs_database(self.token))
        app.router.add_get("/auth/v1/user", _needs_database(self.user))
        app.router.add_post("/auth/v1/logout", _needs_database(self.logout))

    # -- tokens -----------------------------------------------------------------------------
    def verify(self, token: str) -> dict[str, Any]:
        """Claims of a token this project signed; raises jwt.PyJWTError otherwise."""
        return jwt.decode(token, self._public_key, algorithms=["ES256"], options={"verify_aud": False})

    def _access_token(self, user: dict[str, Any], session_id: str) -> tuple[str, int]:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": "authenticated",
            "sub": str(user["id"]),
            "role": "authenticated",
            "email": user["email"],
            "phone": "",
            "iat": now,
            "exp": now + ACCESS_TOKEN_SECONDS,
            "app_metadata": user["raw_app_meta_data"] or {},
            "user_metadata": user["raw_user_meta_data"] or {},
            "aal": "aal1",
            "amr": [{"method": "password", "timestamp": now}],
            "session_id": session_id,
            "is_anonymous": False,
        }
        token = jwt.encode(claims, self._private_key, algorithm="ES256", headers={"kid": self.kid, "typ": "JWT"})
        return token, now + ACCESS_TOKEN_SECONDS

    @staticmethod
    def _user_json(user: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(user["id"]),
            "aud": "authenticated",
            "role": "authenticated",
            "email": user["email"],
            "email_confirmed_at": user["email_confirmed_at"] and user["email_confirmed_at"].isoformat(),
            "last_sign_in_at": user["last_sign_in_at"] and user["last_sign_in_at"].isoformat(),
            "app_metadata": user["raw_app_meta_data"] or {},
            "user_metadata": user["raw_user_meta_data"] or {},
            "created_at": user["created_at"].isoformat(),
            "updated_at": user["updated_at"].isoformat(),
            "is_anonymous": False,
        }

    async def _session(self, cur: Any, user: dict[str, Any], session_id: str) -> dict[str, Any]:
        refresh_token = secrets.token_urlsafe(24)
        await cur.execute(
            "insert into auth.refresh_tokens (token, user_id, session_id) values (%s, %s, %s)",
            (refresh_token, user["id"], session_id),
        )
        access_token, expires_at = self._access_token(user, session_id)
        return {
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": ACCESS_TOKEN_SECONDS,
            "expires_at": expires_at,
            "refresh_token": refresh_token,
            "user": self._user_json(user),
        }

    # -- routes -----------------------------------------------------------------------------
    async def jwks(self, _: web.Request) -> web.Response:
        return web.json_response({"keys": [self._public_jwk]})

    async def token(self, request: web.Request) -> web.Response:
        grant = request.query.get("grant_type")
        try:
            body = await request.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        async with self.pool.connection() as conn, conn.transaction():
            # dict rows on a cursor: the pooled connection itself must keep tuple rows.
            cur = conn.cursor(row_factory=dict_row)
            if grant == "password":
                user = await (
                    await cur.execute(
                        "update auth.users set last_sign_in_at = now() where email = lower(%s) returning *",
                        (str(body.get("email", "")),),
                    )
                ).fetchone()
                password = str(body.get("password", "")).encode()
                if (
                    not user
                    or not user["encrypted_password"]
                    or not bcrypt.checkpw(password, user["encrypted_password"].encode())
                ):
                    raise _auth_error(400, "invalid_credentials", "Invalid login credentials")
                session = await self._session(cur, user, str(uuid.uuid4()))
            elif grant == "refresh_token":
                used = await (
                    await cur.execute(
                        "update auth.refresh_tokens set revoked = true where token = %s and not revoked"
                        " returning user_id, session_id",
                        (str(body.get("refresh_token", "")),),
                    )
                ).fetchone()
                if not used:
                    raise _auth_error(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found")
                user = await (
                    await cur.execute("select * from auth.users where id = %s", (used["user_id"],))
                ).fetchone()
                if not user:  # deleted since its token was issued
                    raise _auth_error(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found")
                session = await self._session(cur, user, str(used["session_id"]))
            else:
                raise _auth_error(400, "unsupported_grant_type", "unsupported_grant_type")
        return web.json_response(session)

    def _claims(self, request: web.Request) -> dict[str, Any]:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        try:
            if scheme.lower() != "bearer":
                raise jwt.InvalidTokenError("no bearer token")
            return self.verify(token)
        except jwt.PyJWTError as exc:
            raise _auth_error(401, "bad_jwt", "invalid JWT: unable to parse or verify signature") from exc

    async def user(self, request: web.Request) -> web.Response:
        claims = self._claims(request)
        async with self.pool.connection() as conn:
            cur = conn.cursor(row_factory=dict_row)
            user = await (
                await cur.execute("select * from auth.users where id::text = %s", (claims["sub"],))
            ).fetchone()
        if not user:
            raise _auth_error(403, "user_not_found", "User from sub claim in JWT does not exist")
        return web.json_response(self._user_json(user))

    async def logout(self, request: web.Request) -> web.Response:
        claims = self._claims(request)
        async with self.pool.connection() as conn:
            await conn.execute(
                "update auth.refresh_tokens set revoked = true where session_id::text = %s",
                (claims.get("session_id", ""),),
            )
        return web.Response(status=204)
