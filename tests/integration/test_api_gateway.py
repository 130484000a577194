"""The API Gateway emulator serves template.yaml's routes over HTTP with v1 events."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import requests


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
