"""The API Gateway emulator serves template.yaml's routes over HTTP with v1 events."""

from __future__ import annotations

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
