"""What a client gets when a dependency fails: the handlers run with the data access faked at
its one seam (chat_core.rpc's client), so each failure is a fast, exact test. Every answer is
the documented JSON error with a request id, and nothing secret reaches a log."""

from __future__ import annotations

import logging
import socket
import uuid

import httpx
import pytest
from chat_core.observability import logger
from postgrest.exceptions import APIError

from tests.support.database import drop_cached_settings
from tests.support.tokens import UNIT_SECRET_KEY, auth_claims, customer_claims

CHAT_ID = str(uuid.uuid4())
INTERNAL_DETAIL = "relation chat_private.rate_events is locked by pid 4242"


@pytest.fixture
def logged(caplog, capfd):
    """Everything the handlers log during a test, at DEBUG: logged() -> text."""
    previous = logger.log_level
    logger.setLevel("DEBUG")
    caplog.set_level(logging.DEBUG)

    def _text() -> str:
        out, err = capfd.readouterr()
        return out + err + caplog.text

    yield _text
    logger.setLevel(previous)


def _send(apis, token):
    return apis.message_api.as_(token)(
        "POST", body={"chat_id": CHAT_ID, "content": "hi", "client_msg_id": str(uuid.uuid4())}
    )


def _read(apis, token):
    return apis.message_api.as_(token)("GET", query={"chatId": CHAT_ID})


# (what the data layer does, read or write) -> (status, error code, Retry-After)
DATA_LAYER_FAILURES = [
    pytest.param(httpx.ConnectError("refused"), _read, (503, "upstream_unavailable", None), id="unreachable-read"),
    pytest.param(httpx.ConnectError("refused"), _send, (503, "upstream_unavailable", None), id="unreachable-write"),
    pytest.param(httpx.PoolTimeout("pool"), _send, (503, "upstream_unavailable", None), id="no-connection-write"),
    pytest.param(httpx.ReadTimeout("slow"), _read, (503, "upstream_unavailable", None), id="timeout-read"),
    pytest.param(httpx.ReadTimeout("slow"), _send, (503, "outcome_unknown", "2"), id="timeout-write"),
    pytest.param(httpx.RemoteProtocolError("cut"), _send, (503, "outcome_unknown", "2"), id="dropped-write"),
    pytest.param(
        APIError({"code": "XX000", "message": INTERNAL_DETAIL}),
        _read,
        (503, "upstream_unavailable", None),
        id="unknown-postgrest-error-read",
    ),
    pytest.param(
        APIError({"code": "PGRST001", "message": "Database client error. Retrying the connection."}),
        _send,
        (503, "outcome_unknown", "2"),
        id="postgrest-lost-database-write",
    ),
]


@pytest.mark.parametrize(("failure", "request_", "expected"), DATA_LAYER_FAILURES)
def test_a_data_layer_failure_is_a_json_503_with_a_request_id(unit_apis, logged, failure, request_, expected):
    # Given an admin, and a data layer that fails this way on the operation
    token = unit_apis.admin_token()
    unit_apis.supabase.answers["chat_list_messages"] = failure
    unit_apis.supabase.answers["chat_send_message"] = failure

    # When the admin reads or sends
    response = request_(unit_apis, token)

    # Then the answer says what happened, in the documented shape, with a request id to quote
    status, code, retry_after = expected
    assert (response.status, response.error_code) == (status, code)
    assert set(response.body) == {"error"} and set(response.body["error"]) == {"code", "message"}
    assert response.headers.get("Retry-After") == retry_after
    assert response.headers["X-Request-Id"]
    # And neither Postgres' words nor a secret reaches the client or the log
    assert INTERNAL_DETAIL not in response.body["error"]["message"]
    text = logged()
    assert token not in text and UNIT_SECRET_KEY not in text


def test_an_unexpected_error_is_a_json_500_without_a_stack_trace(unit_apis, logged):
    # Given a data layer that raises what nobody planned for
    token = unit_apis.admin_token()
    unit_apis.supabase.answers["chat_list_messages"] = RuntimeError(f"bug near {UNIT_SECRET_KEY[:4]}")

    # When the admin reads
    response = _read(unit_apis, token)

    # Then the client gets a plain 500 naming the request id, and the log has the trace
    assert (response.status, response.error_code) == (500, "internal_error")
    assert "Traceback" not in str(response.body) and "RuntimeError" not in str(response.body)
    assert response.headers["X-Request-Id"]
    assert "RuntimeError" in logged()


def test_an_unreachable_jwks_is_a_503_not_a_401(unit_apis, monkeypatch, logged):
    # Given a Supabase project whose JWKS cannot be reached (nothing listens on its port)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    token = unit_apis.admin_token()
    monkeypatch.setenv("SUPABASE_URL", f"http://127.0.0.1:{closed_port}")
    drop_cached_settings()

    # When a signed-in admin calls
    response = _read(unit_apis, token)

    # Then the API says it cannot check credentials now (retry), not that they are wrong
    assert (response.status, response.error_code) == (503, "upstream_unavailable")
    assert response.headers["X-Request-Id"]
    assert unit_apis.supabase.calls == []
    assert token not in logged()


def _without(claims, name):
    return {key: value for key, value in claims.items() if key != name}


# Tokens signed with the project's key whose claims are not what the API issues or accepts.
MALFORMED_CLAIMS = [
    pytest.param(lambda issuer: customer_claims("not-a-uuid"), id="customer-chat_id-not-a-uuid"),
    pytest.param(lambda issuer: _without(customer_claims(CHAT_ID), "chat_id"), id="customer-without-chat_id"),
    pytest.param(lambda issuer: customer_claims(CHAT_ID, sub="someone"), id="customer-sub-not-a-uuid"),
    pytest.param(lambda issuer: {**customer_claims(CHAT_ID), "chat_id": [CHAT_ID]}, id="customer-chat_id-a-list"),
    pytest.param(lambda issuer: _without(auth_claims(issuer), "sub"), id="admin-without-sub"),
    pytest.param(lambda issuer: _without(auth_claims(issuer), "exp"), id="admin-without-exp"),
    pytest.param(lambda issuer: auth_claims(issuer, aud="service_role"), id="admin-wrong-audience"),
    pytest.param(lambda issuer: auth_claims("https://elsewhere.example/auth/v1"), id="another-issuer"),
    pytest.param(lambda issuer: auth_claims(issuer, exp=1), id="admin-expired"),
]


@pytest.mark.parametrize("claims_for", MALFORMED_CLAIMS)
def test_a_token_with_malformed_claims_is_a_401(unit_apis, logged, claims_for):
    # Given a correctly signed token whose claims are wrong
    token = unit_apis.token_for(claims_for(unit_apis.issuer))

    # When it is used
    response = _read(unit_apis, token)

    # Then it is refused before any data is touched, and not logged
    assert (response.status, response.error_code) == (401, "unauthorized")
    assert response.headers["X-Request-Id"]
    assert unit_apis.supabase.calls == []
    assert token not in logged()


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer   ", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt", "Bearer a.b.c.d"],
    ids=["empty", "no-token", "blank-token", "basic-scheme", "not-a-jwt", "four-parts"],
)
def test_an_unusable_authorization_header_is_a_401(unit_apis, authorization):
    response = unit_apis.message_api(
        "GET", query={"chatId": CHAT_ID}, headers={"Authorization": authorization} if authorization else None
    )

    assert (response.status, response.error_code) == (401, "unauthorized")
    assert unit_apis.supabase.calls == []


def test_joining_needs_no_credential_but_every_other_route_does(unit_apis):
    # Given no credential at all
    # When a customer joins with a link's token, and someone lists sessions
    unit_apis.supabase.answers["chat_join"] = {"refused": True}
    joined = unit_apis.session_api.at("/join")("POST", body={"chat_id": CHAT_ID, "token": "x" * 43})
    listed = unit_apis.session_api("GET")

    # Then the join reaches its SQL function (and is refused there), the list is a 401
    assert joined.status == 401 and unit_apis.supabase.calls == ["chat_join"]
    assert (listed.status, listed.error_code) == (401, "unauthorized")


def test_a_cors_preflight_needs_no_credential(unit_apis):
    response = unit_apis.message_api("OPTIONS", headers={"Origin": "http://dashboard.test"})

    assert response.status == 204
    assert response.headers["Access-Control-Allow-Origin"] == "http://dashboard.test"


def _secured_operations():
    """(method, path) of every documented route that needs a credential (openapi.json)."""
    import json
    from pathlib import Path

    document = json.loads((Path(__file__).parents[2] / "openapi.json").read_text())
    return [
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    ]


@pytest.mark.parametrize(("method", "path"), _secured_operations())
def test_an_anonymous_malformed_request_is_a_401_not_a_422(unit_apis, method, path):
    # Given no credential, a body of the wrong shape (a bulk export's range mixing a moment with
    # an offset and one without once made a 500 here) and query parameters of the wrong type
    api = unit_apis.session_api if path.startswith("/chat-session") else unit_apis.message_api
    route = api.at(path.removeprefix(api.path))

    # When the route is called
    response = route(
        method,
        body={"from": "2026-01-01T00:00:00Z", "to": "2026-01-02T00:00:00", "unexpected": [1]},
        query={"id": "not-a-uuid", "chatId": "not-a-uuid", "limit": "many"},
    )

    # Then it is refused for the missing credential, before the body is judged, and nothing is read
    assert (response.status, response.error_code) == (401, "unauthorized")
    assert unit_apis.supabase.calls == []


def test_a_bulk_export_range_without_an_offset_is_a_422_not_a_500(unit_apis):
    # Given an admin's request whose range mixes a moment with an offset and one without
    # When the bulk export is asked for
    response = unit_apis.session_api.as_(unit_apis.admin_token()).at("/export")(
        "POST", body={"from": "2026-01-01T00:00:00Z", "to": "2026-01-02T00:00:00"}
    )

    # Then the range is refused as invalid input, naming the field
    assert (response.status, response.error_code) == (422, "validation_failed")
    assert "to" in response.body["error"]["message"]
