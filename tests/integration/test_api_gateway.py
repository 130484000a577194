"""The API Gateway emulator serves template.yaml's routes over HTTP with v1 events."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests

from local.api_gateway import StageLimits
from local.lambda_runtime import Resources


def test_the_seed_flow_works_over_http(local_stack, admin_token):
    api, auth = local_stack.api_url, {"Authorization": f"Bearer {admin_token}"}
    created = requests.post(
        f"{api}/chat-session",
        json={"customer_name": "Curl", "customer_email": "c@example.com"},
        headers=auth,
        timeout=10,
    )
    chat_id = created.json()["session"]["id"]

    sent = requests.post(f"{api}/chat-message", json={"chat_id": chat_id, "content": "hi"}, headers=auth, timeout=10)
    fetched = requests.get(f"{api}/chat-message", params={"chatId": chat_id}, headers=auth, timeout=10)

    assert (created.status_code, sent.status_code, fetched.status_code) == (201, 201, 200)
    assert [m["content"] for m in fetched.json()["messages"]] == ["hi"]


def test_an_ambiguous_repeated_query_parameter_is_rejected(local_stack, admin_token):
    # Given a scalar parameter sent twice (API Gateway passes both values on to the handler)
    params = [("status", "closed"), ("status", "open")]

    # When the admin lists sessions with it
    response = requests.get(
        f"{local_stack.api_url}/chat-session",
        params=params,
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=10,
    )

    # Then the API refuses to guess which one was meant
    assert response.status_code == 422 and "status" in response.json()["error"]["message"]


def test_a_url_up_to_the_regional_apis_10240_characters_reaches_the_function_and_a_longer_is_a_414(
    local_stack, admin_token
):
    # Given URLs just within and just beyond a regional API's length, as the deployed URL counts
    base = f"{local_stack.api_url}/chat-message/replies?cursor="
    deployed = len("https://abcdefghij.execute-api.us-east-1.amazonaws.com/Prod/chat-message/replies?cursor=")
    within, beyond = ("x" * (10240 - deployed), "x" * (10241 - deployed))

    # When each is asked for
    answers = [
        requests.get(base + cursor, headers={"Authorization": f"Bearer {admin_token}"}, timeout=10)
        for cursor in (within, beyond)
    ]

    # Then the function judges the first (a cursor far too long), API Gateway refuses the second
    assert [answer.status_code for answer in answers] == [422, 414]
    assert answers[0].json()["error"]["field"] == "cursor" and "message" in answers[1].json()


def test_a_path_the_template_does_not_define_is_a_403(local_stack):
    response = requests.get(f"{local_stack.api_url}/chat-sessions", timeout=10)

    assert response.status_code == 403


def test_preflight_from_an_allowed_origin_gets_cors_headers(local_stack):
    response = requests.options(
        f"{local_stack.api_url}/chat-message",
        headers={"Origin": "http://dashboard.test", "Access-Control-Request-Method": "POST"},
        timeout=10,
    )

    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "http://dashboard.test"


def test_a_browser_may_read_the_request_id_and_retry_after(local_stack, admin_token):
    response = requests.get(
        f"{local_stack.api_url}/chat-session",
        timeout=10,
        headers={"Origin": "http://dashboard.test", "Authorization": f"Bearer {admin_token}"},
    )

    exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"x-request-id", "retry-after"} <= exposed
    assert response.headers["Access-Control-Allow-Origin"] == "http://dashboard.test"


def test_an_exported_attachment_has_a_working_link_from_the_deployed_function(
    local_stack, admin_token, chats, chat, message_api
):
    # Given a chat whose customer sent a file
    customer = message_api.as_(chats.customer_token(chat["id"]))
    ticket = customer.at("/uploads")(
        "POST", body={"chat_id": chat["id"], "file_name": "id.txt", "content_type": "text/plain", "size": 5}
    ).body
    requests.post(ticket["url"], data=ticket["fields"], files={"file": ("id.txt", b"hello")}, timeout=10)
    customer("POST", body={"chat_id": chat["id"], "content": "my id", "attachments": [ticket["upload_id"]]})

    # When an admin exports it through the API as deployed (chat-session, with template.yaml's
    # environment for that function: no other function's settings)
    window = {"from": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(), "to": datetime.now(UTC).isoformat()}
    exported = requests.post(
        f"{local_stack.api_url}/chat-session/export",
        json=window,
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=30,
    )
    lines = [json.loads(line) for line in requests.get(exported.json()["url"], timeout=10).text.splitlines()]

    # Then the file in it has a link, and the link downloads it
    [file] = [f for line in lines if line.get("chat_id") == chat["id"] for f in line.get("attachments", [])]
    assert file["url"], "the export's function cannot sign file links"
    assert requests.get(file["url"], timeout=10).content == b"hello"


def test_a_deployed_function_gets_none_of_this_processs_environment(
    local_stack, admin_token, functions_deployed_with, monkeypatch
):
    # Given this process (the stack's) has a setting no function is deployed with
    monkeypatch.setenv("MAX_BODY_BYTES", "1024")
    functions_deployed_with()  # the functions start again

    # When a body over that size is sent to a function
    response = requests.post(
        f"{local_stack.api_url}/chat-session",
        json={"customer_name": "Big", "metadata": {"note": "x" * 2000}},
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=10,
    )

    # Then the function never saw it: its own default applies
    assert response.status_code == 201, response.text


def test_a_header_sent_twice_reaches_the_function_with_its_last_value(local_stack, admin_token):
    # Given an Authorization header sent twice: a wrong token, then the right one
    from http.client import HTTPConnection
    from urllib.parse import urlsplit

    connection = HTTPConnection(urlsplit(local_stack.api_url).netloc, timeout=10)
    connection.putrequest("GET", "/chat-session")
    connection.putheader("Authorization", "Bearer wrong.token.here")
    connection.putheader("Authorization", f"Bearer {admin_token}")
    connection.endheaders()

    # When it reaches the function, Then the function reads the last, as API Gateway hands it over
    response = connection.getresponse()
    assert response.status == 200, response.read()


@pytest.fixture
def emulator():
    """emulator(timeout_seconds, limits, resources) -> the URL of an API Gateway emulator serving
    GET /slow (tests/integration/slow_function.py) with that function Timeout, memory and
    ephemeral storage, and those stage limits."""
    import asyncio
    import threading

    from aiohttp import web

    from local.api_gateway import ApiGatewayEmulator, Route
    from local.stack import free_port

    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    runners = []

    def start(timeout_seconds: float, limits: StageLimits, resources: Resources | None = None) -> str:
        route = Route(
            "GET",
            "/slow",
            "SlowFunction",
            "tests.integration.slow_function",
            "handler",
            timeout_seconds,
            resources or Resources(memory_mb=512),
        )
        app = ApiGatewayEmulator([route], lambda name: {}, instances=2, limits=limits).app()
        port = free_port()

        async def serve() -> None:
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            runners.append(runner)

        asyncio.run_coroutine_threadsafe(serve(), loop).result(timeout=10)
        return f"http://127.0.0.1:{port}"

    yield start
    for runner in runners:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
    loop.call_soon_threadsafe(loop.stop)


CORS = {"Access-Control-Allow-Origin": "*"}


def test_a_function_past_its_timeout_is_a_502_and_past_the_integration_timeout_a_504(emulator):
    # Given a function with a 1 s Timeout behind a 29 s integration, and one with 3 s behind 1.5 s
    short_function = emulator(1.0, StageLimits(gateway_response_headers=CORS))
    short_integration = emulator(3.0, StageLimits(integration_timeout_seconds=1.5, gateway_response_headers=CORS))

    # When each is asked to take 2.5 s
    timed_out = requests.get(f"{short_function}/slow", params={"seconds": "2.5"}, timeout=20)
    gave_up = requests.get(f"{short_integration}/slow", params={"seconds": "2.5"}, timeout=20)

    # Then Lambda's timeout is API Gateway's 502 and the integration's its 504, each with its
    # body and the GatewayResponses' CORS header (a browser can read them)
    assert (timed_out.status_code, timed_out.json()) == (502, {"message": "Internal server error"})
    assert (gave_up.status_code, gave_up.json()) == (504, {"message": "Endpoint request timed out"})
    assert timed_out.headers["Access-Control-Allow-Origin"] == gave_up.headers["Access-Control-Allow-Origin"] == "*"


def test_a_function_over_its_memory_is_a_502_and_the_next_request_gets_a_new_environment(emulator):
    # Given a function of 256 MB
    url = emulator(10.0, StageLimits(gateway_response_headers=CORS), Resources(memory_mb=256))

    # When one request holds 400 MB for a moment
    over = requests.get(f"{url}/slow", params={"megabytes": "400", "seconds": "1"}, timeout=30)

    # Then Lambda stops that environment (API Gateway's 502), and the next request is served
    assert (over.status_code, over.json()) == (502, {"message": "Internal server error"})
    assert requests.get(f"{url}/slow", params={"megabytes": "20"}, timeout=30).status_code == 200


def test_a_function_cannot_write_more_than_its_ephemeral_storage(emulator):
    # Given a function with 16 MB of /tmp
    url = emulator(10.0, StageLimits(), Resources(ephemeral_mb=16))

    # When it writes a 10 MB and then a 20 MB temporary file
    fits = requests.get(f"{url}/slow", params={"tmp_megabytes": "10"}, timeout=30)
    too_big = requests.get(f"{url}/slow", params={"tmp_megabytes": "20"}, timeout=30)

    # Then the second write fails inside the function
    assert fits.status_code == 200
    assert (too_big.status_code, too_big.text) == (507, "File too large")


def test_the_stage_throttle_answers_429_beyond_its_burst(emulator):
    # Given a stage allowing 1 request every 10 seconds, 2 at once
    url = emulator(5.0, StageLimits(rate=0.1, burst=2, gateway_response_headers=CORS))

    # When 3 come at once
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda _: requests.get(f"{url}/slow", timeout=20), range(3)))

    # Then one of them is API Gateway's 429, readable by a browser
    assert sorted(a.status_code for a in answers) == [200, 200, 429]
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.json() == {"message": "Too Many Requests"} and refused.headers["Access-Control-Allow-Origin"] == "*"


def test_the_deployed_stage_is_throttled_and_its_own_answers_carry_cors_as_template_yaml_says():
    from local.api_gateway import read_stage_limits

    limits = read_stage_limits()

    assert (limits.rate, limits.burst, limits.integration_timeout_seconds) == (50.0, 100, 29.0)
    assert limits.gateway_response_headers == {"Access-Control-Allow-Origin": "*"}
