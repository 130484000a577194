"""A local push service, in place of the one a browser's vendor runs (FCM for Chromium, Mozilla's
autopush for Firefox), which the local stack cannot reach. It plays both of a push service's
parts:

- the browser's side: POST /local/push/subscriptions makes a subscription as
  PushManager.subscribe() would (a fresh P-256 key pair and auth secret kept here, an endpoint
  URL), for the application server key given;
- the push service's side: POST <endpoint> takes a Web Push message as a real service does
  and decrypts it with the subscription's private key (RFC 8291, aes128gcm), so a test proves
  the notifier's encryption. Read at GET /local/push/messages.

Its refusals follow mozilla-services/autopush-rs (autoendpoint/src): a missing TTL header is
400 (extractors/notification_headers.rs, NoTTL), a Content-Encoding other than aes128gcm 400
(validate_encryption), a VAPID token that is missing, badly signed, for another audience than
the endpoint's origin, expiring more than 24 hours ahead or signed by another key than the
subscription's application server key 401 (extractors/subscription.rs, validate_vapid_jwt),
more than 4096 bytes 413 (routers/common.rs, TooMuchData), an unknown endpoint 404 and an
unsubscribed one 410 (error.rs: InvalidToken, NoSubscription).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import http_ece
import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.utils import base64url_decode, base64url_encode

from local.kept import KeptJson
from tools.keys import public_point

MAX_DATA_BYTES = 4096
MAX_VAPID_SECONDS = 24 * 60 * 60
PREFIX = "/local/push"


@dataclass
class _Subscription:
    id: str
    application_server_key: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    gone: bool = False
    messages: list[dict[str, Any]] = field(default_factory=list)

    def public_key(self) -> str:
        return public_point(self.private_key)

    def kept(self) -> dict[str, Any]:
        """As .local/ keeps it (the browser's keys included: a restart must still decrypt)."""
        scalar = self.private_key.private_numbers().private_value.to_bytes(32, "big")
        return {
            "id": self.id,
            "application_server_key": self.application_server_key,
            "private_key": base64url_encode(scalar).decode(),
            "auth_secret": base64url_encode(self.auth_secret).decode(),
            "gone": self.gone,
            "messages": self.messages,
        }

    @classmethod
    def from_kept(cls, kept: dict[str, Any]) -> _Subscription:
        scalar = int.from_bytes(base64url_decode(kept["private_key"]), "big")
        return cls(
            id=kept["id"],
            application_server_key=kept["application_server_key"],
            private_key=ec.derive_private_key(scalar, ec.SECP256R1()),
            auth_secret=base64url_decode(kept["auth_secret"]),
            gone=kept["gone"],
            messages=kept["messages"],
        )


def _refuse(status: int, errno: int, message: str) -> web.Response:
    # autopush's error body (autoendpoint/src/error.rs, ApiError's Serialize)
    return web.json_response({"code": status, "errno": errno, "error": message, "message": message}, status=status)


class LocalPushService:
    def __init__(self, public_url: str, kept: KeptJson | None = None) -> None:
        self.public_url = public_url.rstrip("/")
        self._kept = kept or KeptJson(None)
        self._subscriptions: dict[str, _Subscription] = {
            item["id"]: _Subscription.from_kept(item) for item in self._kept.load([])
        }
        self._lock = threading.Lock()

    def _keep(self) -> None:
        """Under the lock: every subscription and push as they are now."""
        self._kept.save([subscription.kept() for subscription in self._subscriptions.values()])

    @property
    def endpoint_prefix(self) -> str:
        """What every endpoint starts with (the API's PUSH_SERVICES allows it here)."""
        return f"{self.public_url}{PREFIX}/send/"

    def subscribe(self, application_server_key: str) -> dict[str, Any]:
        """A browser's PushManager.subscribe(): the subscription's JSON (PushSubscription.toJSON())."""
        subscription = _Subscription(
            id=secrets.token_urlsafe(16),
            application_server_key=application_server_key,
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=secrets.token_bytes(16),
        )
        with self._lock:
            self._subscriptions[subscription.id] = subscription
            self._keep()
        return {
            "endpoint": self.endpoint_prefix + subscription.id,
            "expirationTime": None,
            "keys": {"p256dh": subscription.public_key(), "auth": base64url_encode(subscription.auth_secret).decode()},
        }

    def unsubscribe(self, endpoint: str) -> None:
        """The browser dropped the subscription (or the user revoked the permission)."""
        with self._lock:
            subscription = self._subscriptions.get(endpoint.rsplit("/", 1)[-1])
            if subscription:
                subscription.gone = True
                self._keep()

    def messages(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {"endpoint": self.endpoint_prefix + s.id, **message}
                for s in self._subscriptions.values()
                for message in s.messages
            ]

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post(f"{PREFIX}/subscriptions", self._subscribe)
        app.router.add_delete(f"{PREFIX}/subscriptions", self._unsubscribe)
        app.router.add_post(f"{PREFIX}/send/{{id}}", self._receive)
        app.router.add_get(f"{PREFIX}/messages", self._messages)

    async def _subscribe(self, request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response(self.subscribe(str(body["applicationServerKey"])), status=201)

    async def _unsubscribe(self, request: web.Request) -> web.Response:
        self.unsubscribe(str((await request.json())["endpoint"]))
        return web.Response(status=204)

    async def _messages(self, _: web.Request) -> web.Response:
        return web.json_response({"messages": self.messages()})

    async def _receive(self, request: web.Request) -> web.Response:
        with self._lock:
            subscription = self._subscriptions.get(request.match_info["id"])
        if subscription is None:
            return _refuse(404, 102, "Invalid URL")
        if subscription.gone:
            return _refuse(410, 106, "Subscription is no longer valid")
        ttl = request.headers.get("TTL", "")
        if not ttl.lstrip("-").isdigit():
            return _refuse(400, 111, "Missing TTL value")
        vapid_problem = self._vapid_problem(request.headers.get("Authorization", ""), subscription)
        if vapid_problem:
            return _refuse(401, 109, vapid_problem)
        data = await request.read()
        if len(data) > MAX_DATA_BYTES:
            return _refuse(413, 104, f"Data payload must be smaller than {MAX_DATA_BYTES} bytes")
        if data and request.headers.get("Content-Encoding") != "aes128gcm":
            return _refuse(400, 110, "Unknown Content-Encoding header")
        try:
            plain = http_ece.decrypt(
                data, private_key=subscription.private_key, auth_secret=subscription.auth_secret, version="aes128gcm"
            )
        except Exception as exc:  # anything that does not decrypt is the sender's fault
            return _refuse(400, 110, f"The payload does not decrypt: {type(exc).__name__}")
        with self._lock:
            subscription.messages.append(
                {
                    "payload": json.loads(plain) if plain else None,
                    "ttl": int(ttl),
                    "urgency": request.headers.get("Urgency"),
                    "topic": request.headers.get("Topic"),
                    "received_at": time.time(),
                }
            )
            self._keep()
        return web.Response(status=201, headers={"Location": f"{self.public_url}{PREFIX}/m/{secrets.token_hex(8)}"})

    def _vapid_problem(self, authorization: str, subscription: _Subscription) -> str | None:
        """RFC 8292 section 3: `vapid t=<JWT>, k=<application server key>`, checked as autopush does."""
        scheme, _, rest = authorization.partition(" ")
        if scheme.lower() != "vapid":
            return "Missing VAPID authorization"
        params = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
        token, key = params.get("t", ""), params.get("k", "")
        if key != subscription.application_server_key:
            return "VAPID public key mismatch"
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), base64url_decode(key))
        try:
            claims = jwt.decode(
                token, public, algorithms=["ES256"], audience=self.public_url, options={"require": ["exp", "aud"]}
            )
        except jwt.PyJWTError as exc:
            return f"Invalid VAPID token: {exc}"
        if claims["exp"] > time.time() + MAX_VAPID_SECONDS:
            return "VAPID expiration is too far in the future"
        return None
