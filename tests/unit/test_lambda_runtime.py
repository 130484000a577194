"""Events built for the handlers follow API Gateway's REST (v1) proxy format."""

from local.lambda_runtime import v1_event


def test_repeated_query_keys_fill_both_maps_as_api_gateway_does():
    event = v1_event("GET", "/chat-session", query={"status": ["closed", "open"], "limit": "5"})

    assert event["multiValueQueryStringParameters"] == {"status": ["closed", "open"], "limit": ["5"]}
    assert event["queryStringParameters"] == {"status": "open", "limit": "5"}


def test_no_query_means_null_maps():
    event = v1_event("GET", "/chat-session")

    assert event["queryStringParameters"] is None and event["multiValueQueryStringParameters"] is None
