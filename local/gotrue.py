"""The Supabase Auth (GoTrue) subset the dashboard and the API use: password and refresh
grants, the current user (read, and a new password), logout, the JWKS, and the admin's
invitation by email with its link. Users live in the shim's auth.users (bcrypt hashes);
access tokens are ES256 with the project's signing key, exactly as a Supabase project with
an asymmetric key issues them, so the API verifies them on its production path.

Email is not sent: like the Supabase CLI's local mail catcher, every email Auth would send goes
to the local mailbox (local/mailbox.py)."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

import bcrypt
import jwt
import psycopg
from aiohttp import web
from aiohttp.typedefs import Handler
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import PoolTimeout

from local.database import ServicePool, connection_lost
from local.json_error import JsonError
from local.mailbox import Mailbox
from tools.keys import public_jwk

ACCESS_TOKEN_SECONDS = 3600  # Supabase's default JWT expiry
REFRESH_TOKEN_REUSE_SECONDS = 10  # Supabase's default security_refresh_token_reuse_interval
EMAIL_LINK_SECONDS = 86400  # GOTRUE_MAILER_OTP_EXP's default: an invitation's link lasts a day
MIN_PASSWORD_LENGTH = 6  # GOTRUE_PASSWORD_MIN_LENGTH's default (internal/api/password.go)
ADMIN_ROLES = ("service_role", "supabase_admin")  # GOTRUE_JWT_ADMIN_ROLES' default
# GOTRUE_RATE_LIMIT_EMAIL_SENT's default (internal/conf/configuration.go: "30", an hour), the
# project-wide budget for every email Auth sends with custom SMTP (Supabase's own SMTP allows
# fewer); internal/api/mail.go sendEmail refuses beyond it with over_email_send_rate_limit.
EMAILS_PER_HOUR = 30


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


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


class IntervalLimiter:
    """internal/ratelimit/interval.go: at most `events` per interval, the count starting again
    at each whole interval since the limiter began; none at all when `events` is 0."""

    def __init__(self, events: int, seconds: float) -> None:
        self.events, self.seconds = events, seconds
        self._start, self._count = time.monotonic(), 0

    def allow(self) -> bool:
        intervals = int((time.monotonic() - self._start) // self.seconds)
        if intervals > 0:
            self._start += intervals * self.seconds
            self._count = 0
        if self._count < self.events:
            self._count += 1
            return True
        return False


class UnknownSigningKey(jwt.InvalidTokenError):
    """A token whose `kid` is not among the project's signing keys."""

    def __init__(self, kid: str | None) -> None:
        super().__init__(f"no signing key with kid {kid!r}")
        self.kid = kid


class AuthService:
    def __init__(
        self,
        pool: ServicePool,
        signing_jwk: dict[str, Any],
        issuer: str,
        role_of_key: Callable[[str | None], str | None],
        site_url: str,
        mailbox: Mailbox,
    ) -> None:
        self.pool, self.issuer, self.site_url = pool, issuer, site_url
        self.role_of_key = role_of_key
        self.mailbox = mailbox
        self.email_rate = IntervalLimiter(EMAILS_PER_HOUR, 3600)
        self.use_signing_key(signing_jwk)

    def use_signing_key(self, signing_jwk: dict[str, Any]) -> None:
        """Sign with this key from now on and revoke the one before (the dashboard's JWT Keys:
        rotate, then revoke): tokens it signed stop verifying for Auth, PostgREST and Realtime."""
        self.kid = signing_jwk["kid"]
        self._private_key = jwt.PyJWK(signing_jwk).key
        self._public_jwk = public_jwk(signing_jwk)
        self._public_key = jwt.PyJWK(self._public_jwk).key

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/auth/v1/.well-known/jwks.json", self.jwks)
        app.router.add_post("/auth/v1/token", _needs_database(self.token))
        app.router.add_get("/auth/v1/user", _needs_database(self.user))
        app.router.add_put("/auth/v1/user", _needs_database(self.update_user))
        app.router.add_post("/auth/v1/logout", _needs_database(self.logout))
        app.router.add_post("/auth/v1/invite", _needs_database(self.invite))
        app.router.add_get("/auth/v1/verify", _needs_database(self.verify_email_link))

    # -- tokens -----------------------------------------------------------------------------
    def verify(self, token: str) -> dict[str, Any]:
        """Claims of a token this project signed; raises jwt.PyJWTError otherwise, and
        UnknownSigningKey for a key ID the project's JWKS does not hold (revoked)."""
        kid = jwt.get_unverified_header(token).get("kid")
        if kid != self.kid:
            raise UnknownSigningKey(kid)
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
            "invited_at": user["invited_at"] and user["invited_at"].isoformat(),
            "confirmation_sent_at": user["confirmation_sent_at"] and user["confirmation_sent_at"].isoformat(),
            "created_at": user["created_at"].isoformat(),
            "updated_at": user["updated_at"].isoformat(),
            "is_anonymous": False,
        }

    async def _new_session(self, cur: Any, user: dict[str, Any]) -> dict[str, Any]:
        """A sign-in: a new session and its first refresh token."""
        session_id = str(uuid.uuid4())
        await cur.execute("insert into auth.sessions (id, user_id) values (%s, %s)", (session_id, user["id"]))
        return await self._session(cur, user, session_id)

    async def _session(
        self, cur: Any, user: dict[str, Any], session_id: str, parent: str | None = None, reissued: str | None = None
    ) -> dict[str, Any]:
        """The session's answer: a fresh access token, and a new refresh token (the child of
        `parent`) unless `reissued` (the active one, handed back again)."""
        refresh_token = reissued or secrets.token_urlsafe(24)
        if not reissued:
            await cur.execute(
                "insert into auth.refresh_tokens (token, user_id, session_id, parent) values (%s, %s, %s, %s)",
                (refresh_token, user["id"], session_id, parent),
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
        session: dict[str, Any] | JsonError
        body = await _json_body(request)
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
                if not user["email_confirmed_at"]:  # internal/api/token.go, after the password check
                    raise _auth_error(400, "email_not_confirmed", "Email not confirmed")
                session = await self._new_session(cur, user)
            elif grant == "refresh_token":
                session = await self._refresh(cur, str(body.get("refresh_token", "")))
            else:
                raise _auth_error(400, "unsupported_grant_type", "unsupported_grant_type")
        if isinstance(session, JsonError):  # committed (a token family revoked), then refused
            raise session
        return web.json_response(session)

    async def _refresh(self, cur: Any, token: str) -> dict[str, Any] | JsonError:
        """A refresh as internal/tokens/service.go (RefreshTokenGrant) does it: the token swapped
        for its child; a revoked one that is the parent of the active token hands that one back
        (the client lost the answer); a revoked one used within the reuse interval (10 s on
        Supabase) gets a child too; past it, every token of the session is revoked and the
        answer is refresh_token_already_used, returned rather than raised so that the revocation
        commits."""
        used = await (
            await cur.execute(
                "select t.*, now() > t.updated_at + make_interval(secs => %s) as past_reuse"
                " from auth.refresh_tokens t where t.token = %s for update",
                (REFRESH_TOKEN_REUSE_SECONDS, token),
            )
        ).fetchone()
        user = None
        if used:
            user = await (await cur.execute("select * from auth.users where id = %s", (used["user_id"],))).fetchone()
        if not used or not user:
            raise _auth_error(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found")
        session_id = str(used["session_id"])
        if used["revoked"]:
            active = await (
                await cur.execute(
                    "select token, parent from auth.refresh_tokens where session_id = %s and not revoked"
                    " order by id desc limit 1",
                    (session_id,),
                )
            ).fetchone()
            if active and active["parent"] == token:
                return await self._session(cur, user, session_id, reissued=active["token"])
            if used["past_reuse"]:
                # models.RevokeTokenFamily: the session's live tokens, revoked now (so each is
                # still reusable for the interval, as there)
                await cur.execute(
                    "update auth.refresh_tokens set revoked = true, updated_at = now()"
                    " where session_id = %s and not revoked",
                    (session_id,),
                )
                return _auth_error(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used")
        else:
            await cur.execute(
                "update auth.refresh_tokens set revoked = true, updated_at = now() where id = %s", (used["id"],)
            )
        return await self._session(cur, user, session_id, parent=token)

    def _claims(self, request: web.Request) -> dict[str, Any]:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        try:
            if scheme.lower() != "bearer":
                raise jwt.InvalidTokenError("no bearer token")
            return self.verify(token)
        except jwt.PyJWTError as exc:
            raise _auth_error(401, "bad_jwt", "invalid JWT: unable to parse or verify signature") from exc

    async def _signed_in(self, request: web.Request, conn: Any) -> dict[str, Any]:
        """The claims of a token whose session still exists (internal/api/auth.go,
        maybeLoadUserOrSession: a session logged out is 403 session_not_found)."""
        claims = self._claims(request)
        found = await (
            await conn.execute("select 1 from auth.sessions where id::text = %s", (claims.get("session_id", ""),))
        ).fetchone()
        if not found:
            raise _auth_error(403, "session_not_found", "Session from session_id claim in JWT does not exist")
        return claims

    async def user(self, request: web.Request) -> web.Response:
        async with self.pool.connection() as conn:
            claims = await self._signed_in(request, conn)
            cur = conn.cursor(row_factory=dict_row)
            user = await (
                await cur.execute("select * from auth.users where id::text = %s", (claims["sub"],))
            ).fetchone()
        if not user:
            raise _auth_error(403, "user_not_found", "User from sub claim in JWT does not exist")
        return web.json_response(self._user_json(user))

    async def update_user(self, request: web.Request) -> web.Response:
        """A new password for the signed-in user (internal/api/user.go, UserUpdate): how an
        invited admin, signed in by the invitation's link, chooses one."""
        async with self.pool.connection() as conn:
            claims = await self._signed_in(request, conn)
        body = await _json_body(request)
        password = body.get("password")
        if not isinstance(password, str) or not password:
            raise _auth_error(422, "validation_failed", "Only a new password can be set here")
        if len(password) < MIN_PASSWORD_LENGTH:  # internal/api/password.go, checkPasswordStrength
            raise JsonError(
                422,
                {
                    "code": 422,
                    "error_code": "weak_password",
                    "msg": f"Password should be at least {MIN_PASSWORD_LENGTH} characters.",
                    "weak_password": {"reasons": ["length"]},
                },
            )
        async with self.pool.connection() as conn:
            cur = conn.cursor(row_factory=dict_row)
            user = await (
                await cur.execute(
                    "update auth.users set encrypted_password = %s, updated_at = now() where id::text = %s returning *",
                    (hash_password(password), claims["sub"]),
                )
            ).fetchone()
        if not user:
            raise _auth_error(403, "user_not_found", "User from sub claim in JWT does not exist")
        return web.json_response(self._user_json(user))

    # -- invitations (internal/api/invite.go, mail.go sendInvite, verify.go verifyGet) --------
    def _require_admin_credentials(self, request: web.Request) -> None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise _auth_error(401, "no_authorization", "This endpoint requires a valid Bearer token")
        role = self.role_of_key(token)
        if role is None:
            try:
                role = self.verify(token).get("role")
            except jwt.PyJWTError as exc:
                raise _auth_error(403, "bad_jwt", "Invalid token") from exc
        if role not in ADMIN_ROLES:
            raise _auth_error(403, "not_admin", "User not allowed")

    def _redirect_target(self, requested: str | None) -> str:
        """utilities.GetReferrer: the requested URL when it is on the site, else the site."""
        if requested:
            site, wanted = urlsplit(self.site_url), urlsplit(requested)
            if (site.scheme, site.hostname, site.port) == (wanted.scheme, wanted.hostname, wanted.port):
                return requested
        return self.site_url

    async def invite(self, request: web.Request) -> web.Response:
        self._require_admin_credentials(request)
        body = await _json_body(request)
        email = str(body.get("email") or "").strip().lower()
        if "@" not in email or len(email) > 255:
            raise _auth_error(400, "validation_failed", "Unable to validate email address: invalid format")
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        otp = f"{secrets.randbelow(10**6):06d}"
        token_hash = hashlib.sha224((email + otp).encode()).hexdigest()  # crypto.GenerateTokenHash
        async with self.pool.connection() as conn, conn.transaction():
            cur = conn.cursor(row_factory=dict_row)
            user = await (await cur.execute("select * from auth.users where email = %s", (email,))).fetchone()
            if user and user["email_confirmed_at"]:
                raise _auth_error(422, "email_exists", "A user with this email address has already been registered")
            if not user:  # the insert fires the project's triggers, as Auth's does
                await cur.execute(
                    "insert into auth.users (email, raw_user_meta_data) values (%s, %s)", (email, Jsonb(data))
                )
            invited = await (
                await cur.execute(
                    "update auth.users set confirmation_token = %s, confirmation_sent_at = now(), invited_at = now()"
                    " where email = %s returning *",
                    (token_hash, email),
                )
            ).fetchone()
            if invited is None:  # inserted or found in this very transaction
                raise RuntimeError("the invited user is missing")
            if not self.email_rate.allow():  # sendInvite fails, and the user is rolled back
                raise _auth_error(429, "over_email_send_rate_limit", "email rate limit exceeded")
        query = urlencode(
            {
                "token": token_hash,
                "type": "invite",
                "redirect_to": self._redirect_target(request.query.get("redirect_to")),
            }
        )
        link = f"{self.issuer}/verify?{query}"
        self.mailbox.deliver(
            email, "You have been invited", f"You have been invited to the chat dashboard: {link}", link=link
        )
        return web.json_response(self._user_json(invited))

    async def verify_email_link(self, request: web.Request) -> web.StreamResponse:
        """The invitation's link: confirms the user, signs it in and sends the browser on with
        the session in the fragment (implicit flow), or with the error there."""
        target = self._redirect_target(request.query.get("redirect_to"))
        if request.query.get("type") != "invite":
            raise _auth_error(400, "validation_failed", "Unsupported verification type")
        async with self.pool.connection() as conn, conn.transaction():
            cur = conn.cursor(row_factory=dict_row)
            user = await (
                await cur.execute(
                    "update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()),"
                    " confirmation_token = null, last_sign_in_at = now()"
                    " where confirmation_token = %s and confirmation_sent_at > now() - make_interval(secs => %s)"
                    " returning *",
                    (request.query.get("token", ""), EMAIL_LINK_SECONDS),
                )
            ).fetchone()
            if not user:  # verify.go, verifyTokenHash; prepErrorRedirectURL
                fragment = urlencode(
                    {
                        "error": "access_denied",
                        "error_code": "otp_expired",
                        "error_description": "Email link is invalid or has expired",
                        "sb": "",
                    }
                )
                raise web.HTTPSeeOther(f"{target}#{fragment}")
            session = await self._new_session(cur, user)
        fragment = urlencode(
            {
                "access_token": session["access_token"],
                "expires_at": session["expires_at"],
                "expires_in": session["expires_in"],
                "refresh_token": session["refresh_token"],
                "token_type": "bearer",
                "type": "invite",
            }
        )
        raise web.HTTPSeeOther(f"{target}#{fragment}")

    async def logout(self, request: web.Request) -> web.Response:
        """internal/api/logout.go: scope global (the default: every session of the user), local
        (this session) or others (every other one); the sessions go, their tokens with them."""
        scope = request.query.get("scope") or "global"
        where = {
            "global": "user_id::text = %(user)s",
            "local": "id::text = %(session)s",
            "others": "user_id::text = %(user)s and id::text <> %(session)s",
        }.get(scope)
        if where is None:
            raise _auth_error(400, "validation_failed", f'Unsupported logout scope "{scope}"')
        async with self.pool.connection() as conn:
            claims = await self._signed_in(request, conn)
            await conn.execute(
                f"delete from auth.sessions where {where}",  # noqa: S608 -- one of three fixed clauses
                {"user": claims["sub"], "session": claims.get("session_id", "")},
            )
        return web.Response(status=204)
