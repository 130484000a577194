"""Sites the widget runs on: an owner adds and changes them and their identity keys; every
admin sees them; bad settings and keys are refused with a code."""

from __future__ import annotations

import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tests.support.visitors import SHOP, SiteServer


def test_an_owner_adds_a_site_and_every_admin_sees_it(session_api, second_admin_token):
    # When an owner adds a site for its shop
    made = session_api.at("/sites")("POST", body={"name": "  Corner Shop ", "origins": [SHOP]})

    # Then it has a public site key and the defaults, and an agent sees it in the list
    assert made.status == 201, made.body
    site = made.body
    assert site["site_key"].startswith("site_") and site["name"] == "Corner Shop"
    assert (site["identity_mode"], site["name_field"], site["email_field"], site["active"]) == (
        "off",
        "optional",
        "optional",
        True,
    )
    listed = session_api.as_(second_admin_token).at("/sites")("GET")
    assert listed.status == 200 and site["id"] in {s["id"] for s in listed.body["sites"]}


@pytest.mark.parametrize(
    "origins",
    [
        ["http://shop.example"],  # not https
        ["https://shop.example/"],  # a path: browsers send none
        ["https://Shop.example"],  # browsers send the host in lower case
        ["https://shop.example", "https://shop.example"],
        [],
        ["*"],
    ],
    ids=["http", "path", "upper-case", "repeated", "none", "wildcard"],
)
def test_an_origin_that_is_not_exact_is_refused(session_api, origins):
    made = session_api.at("/sites")("POST", body={"name": "Bad", "origins": origins})

    assert made.status == 422 and made.error_code == "validation_failed", made.body
    assert made.body["error"]["field"].startswith("origins")


def test_a_change_touches_only_the_fields_it_names(session_api, visitors):
    # Given a site with a welcome line
    site = visitors.site(welcome_line="Hi! We answer within minutes.", colour="#0f766e")

    # When the owner changes its position, and then clears its welcome line
    moved = session_api.at("/sites")("PATCH", body={"site_id": site["id"], "position": "left"})
    cleared = session_api.at("/sites")("PATCH", body={"site_id": site["id"], "welcome_line": None})

    # Then the rest stays as it was
    assert moved.status == 200 and moved.body["position"] == "left"
    assert moved.body["welcome_line"] == "Hi! We answer within minutes." and moved.body["colour"] == "#0f766e"
    assert cleared.body["welcome_line"] is None and cleared.body["position"] == "left"


def test_requiring_verified_visitors_needs_a_key_first(session_api, site):
    changed = session_api.at("/sites")("PATCH", body={"site_id": site["id"], "identity_mode": "required"})

    assert changed.status == 409 and changed.error_code == "site_key_missing"


def _jwk(key) -> dict:
    return {**json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key)), "kid": "k1"}


@pytest.mark.parametrize(
    "public_jwk",
    [
        {"kty": "oct", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQ", "kid": "k1"},  # an HMAC secret
        "private",
        "rsa-1024",
        {"kty": "EC", "crv": "P-384", "kid": "k1"},
        "no-kid",
    ],
    ids=["hmac-secret", "private-key", "weak-rsa", "unknown-curve", "no-kid"],
)
def test_a_key_that_is_not_a_usable_public_key_is_refused(session_api, site, public_jwk):
    if public_jwk == "private":
        public_jwk = _jwk(ec.generate_private_key(ec.SECP256R1()))
    elif public_jwk == "rsa-1024":
        weak = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()  # noqa: S505 -- the point
        public_jwk = {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(weak)), "kid": "k1"}
    elif public_jwk == "no-kid":
        public_jwk = {k: v for k, v in SiteServer().public_jwk.items() if k != "kid"}

    added = session_api.at("/sites/keys")("POST", body={"site_id": site["id"], "public_jwk": public_jwk})

    assert added.status == 422 and added.error_code == "site_key_not_public", added.body
    stored = next(s for s in session_api.at("/sites")("GET").body["sites"] if s["id"] == site["id"])
    assert stored["keys"] == []


def test_a_site_keeps_two_keys_at_most_so_an_old_one_goes_before_a_third(session_api, visitors):
    # Given a site with two keys (the current one and the next)
    first, second = SiteServer(), SiteServer()
    site = visitors.site(keys=[first, second])

    # When a third is added
    third = session_api.at("/sites/keys")("POST", body={"site_id": site["id"], "public_jwk": SiteServer().public_jwk})

    # Then it is refused; once the old key is removed, the third fits
    assert third.status == 409 and third.error_code == "site_keys_full"
    removed = session_api.at("/sites/keys")("DELETE", query={"site_id": site["id"], "kid": first.kid})
    assert removed.status == 200 and [k["kid"] for k in removed.body["keys"]] == [second.kid]
    fits = session_api.at("/sites/keys")("POST", body={"site_id": site["id"], "public_jwk": SiteServer().public_jwk})
    assert fits.status == 201 and len(fits.body["keys"]) == 2


def test_a_kid_already_on_the_site_is_refused(session_api, visitors):
    server = SiteServer()
    site = visitors.site(keys=[server])

    again = session_api.at("/sites/keys")(
        "POST", body={"site_id": site["id"], "public_jwk": SiteServer(kid=server.kid).public_jwk}
    )

    assert again.status == 409 and again.error_code == "site_key_exists"


def test_the_last_key_of_a_site_that_requires_identities_stays(session_api, visitors):
    server = SiteServer()
    site = visitors.site(keys=[server], identity_mode="required")

    removed = session_api.at("/sites/keys")("DELETE", query={"site_id": site["id"], "kid": server.kid})

    assert removed.status == 409 and removed.error_code == "site_key_missing"


def test_a_change_to_a_site_that_does_not_exist_is_404(session_api):
    changed = session_api.at("/sites")(
        "PATCH", body={"site_id": "00000000-0000-4000-8000-000000000000", "name": "Nowhere"}
    )

    assert changed.status == 404 and changed.error_code == "site_not_found"


def test_a_switched_off_site_starts_no_chat(session_api, site, visitors):
    # Given a site its owner switched off
    assert session_api.at("/sites")("PATCH", body={"site_id": site["id"], "active": False}).status == 200

    # When a visitor opens its widget, or starts a chat
    settings = visitors.settings(site)
    started = visitors.start(site)

    # Then neither finds the site
    assert settings.status == 404 and settings.error_code == "site_not_found"
    assert started.status == 404 and started.error_code == "site_not_found"


def test_the_widgets_frame_may_be_framed_by_the_sites_origins_only(visitors, session_api):
    # Given a site on two origins
    site = visitors.site(origins=[SHOP, "https://www.shop.example"])

    # When the pages' /widget asks the API for its frame
    frame = session_api.as_(None).at("/widget")("GET", query={"site": site["site_key"]})

    # Then it is the frame's document, framable by exactly those origins, never cached
    assert frame.status == 200 and 'src="/widget/frame.js"' in frame.body
    policy = frame.headers["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors https://shop.example https://www.shop.example")
    assert "frame-ancestors 'none'" not in policy and "X-Frame-Options" not in frame.headers
    assert frame.headers["Cache-Control"] == "no-store"


def test_a_switched_off_sites_frame_may_be_framed_nowhere(visitors, session_api):
    site = visitors.site()
    session_api.at("/sites")("PATCH", body={"site_id": site["id"], "active": False})

    frame = session_api.as_(None).at("/widget")("GET", query={"site": site["site_key"]})

    assert frame.status == 404 and frame.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
