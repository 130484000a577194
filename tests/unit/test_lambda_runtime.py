"""Events built for the handlers follow API Gateway's REST (v1) proxy format."""

import pytest

from local.lambda_runtime import ResponseTooLarge, invoke, v1_event


def test_repeated_query_keys_fill_both_maps_as_api_gateway_does():
    event = v1_event("GET", "/chat-session", query={"status": ["closed", "open"], "limit": "5"})

    assert event["multiValueQueryStringParameters"] == {"status": ["closed", "open"], "limit": ["5"]}
    assert event["queryStringParameters"] == {"status": "open", "limit": "5"}


def test_no_query_means_null_maps():
    event = v1_event("GET", "/chat-session")

    assert event["queryStringParameters"] is None and event["multiValueQueryStringParameters"] is None


def test_a_response_over_lambdas_6_mb_fails_the_invocation_as_in_aws():
    # Given a handler that answers 6 MB of text (a little more, once serialized)
    def handler(event, context):
        return {"statusCode": 200, "body": "x" * (6 * 1024 * 1024)}

    # When it is invoked, Then the invocation fails instead of delivering the response
    with pytest.raises(ResponseTooLarge):
        invoke(handler, v1_event("GET", "/chat-message"))


def test_a_repeated_header_keeps_its_last_value_and_all_of_them_as_api_gateway_does():
    # When a header comes twice
    event = v1_event("GET", "/chat-session", headers={"X-Forwarded-For": ["1.1.1.1", "2.2.2.2"], "Accept": "*/*"})

    # Then the single-value map has the last, the multi-value map both
    assert event["headers"] == {"X-Forwarded-For": "2.2.2.2", "Accept": "*/*"}
    assert event["multiValueHeaders"]["X-Forwarded-For"] == ["1.1.1.1", "2.2.2.2"]
