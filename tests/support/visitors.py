"""A site's visitors, through the real public routes, as a page on the site's origin calls
them; and a site's own server, signing identity tokens."""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Sequence
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from tests.support.api import Api, ApiResponse

SHOP = "https://shop.example"  # the site most tests embed the widget on


def somewhere() -> str:
    """A visitor's own address (198.18.0.0/15, RFC 2544): visitors are different people, so one
    test's starts never spend another's per-address budget."""
    return f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"  # noqa: S311 -- not a secret


class SiteServer:
    """The host website's server: an ES256 key pair; its public half is what the owner adds."""

    def __init__(self, kid: str | None = None) -> None:
        self.kid = kid or f"key-{uuid.uuid4().hex[:8]}"
        self.private_key = ec.generate_private_key(ec.SECP256R1())

    @property
    def public_jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.private_key.public_key()))
        return {**jwk, "kid": self.kid}

    def identity_token(self, sub: str, expires_in: int = 600, **claims: Any) -> str:
        """What the site's page passes to CustomerChat.identify for its signed-in user."""
        payload = {"sub": sub, "exp": int(time.time()) + expires_in, **claims}
        return jwt.encode(payload, self.private_key, algorithm="ES256", headers={"kid": self.kid})


class Visitors:
    """Sites made as the owner, and their visitors' calls from a page on `origin`."""

    def __init__(self, session_api: Api) -> None:
        self.session_api = session_api
        self.public = session_api.as_(None)

    def site(
        self, origins: list[str] | None = None, keys: Sequence[SiteServer] = (), **settings: Any
    ) -> dict[str, Any]:
        """A new site (settings before the keys, then the rest: a required identity needs a key)."""
        later = {name: settings.pop(name) for name in ("identity_mode",) if name in settings}
        made = self.session_api.at("/sites")(
            "POST", body={"name": "The Shop", "origins": origins or [SHOP], **settings}
        )
        assert made.status == 201, made.body
        site: dict[str, Any] = made.body
        for server in keys:
            added = self.session_api.at("/sites/keys")(
                "POST", body={"site_id": site["id"], "public_jwk": server.public_jwk}
            )
            assert added.status == 201, added.body
            site = added.body
        if later:
            changed = self.session_api.at("/sites")("PATCH", body={"site_id": site["id"], **later})
            assert changed.status == 200, changed.body
            site = changed.body
        return site

    def _call(
        self, path: str, site: dict[str, Any], origin: str | None, body: dict[str, Any], source_ip: str | None
    ) -> ApiResponse:
        headers = {"Origin": origin} if origin else {}
        return self.public.at(path)(
            "POST", body={"site_key": site["site_key"], **body}, headers=headers, source_ip=source_ip or somewhere()
        )

    def start(
        self, site: dict[str, Any], content: str = "Hello, is anyone there?", origin: str | None = SHOP, **fields: Any
    ) -> ApiResponse:
        source_ip = fields.pop("source_ip", None)
        body = {"content": content, "client_msg_id": str(uuid.uuid4()), **fields}
        return self._call("/start", site, origin, body, source_ip)

    def resume(self, site: dict[str, Any], origin: str | None = SHOP, **fields: Any) -> ApiResponse:
        return self._call("/visitor", site, origin, fields, None)

    def forget(self, site: dict[str, Any], origin: str | None = SHOP, **fields: Any) -> ApiResponse:
        return self._call("/visitor/forget", site, origin, fields, None)

    def settings(self, site: dict[str, Any], origin: str | None = SHOP, host: str | None = None) -> ApiResponse:
        query = {"site": site["site_key"], **({"host": host} if host else {})}
        return self.public.at("/site")("GET", query=query, headers={"Origin": origin} if origin else {})
