"""A function's environment is what template.yaml gives it (Globals, then its own), resolved as
CloudFormation resolves it, and nothing else (issue 26, item 1)."""

from __future__ import annotations

import pytest

from local.api_gateway import read_template
from local.function_environment import Deployment, function_environment

DEPLOYMENT = Deployment(
    stack_name="customer-chat-test",
    parameters={"SupabaseUrl": "https://ref.supabase.co", "SesConfigurationSet": ""},
    resources={
        "AttachmentsBucket": "bucket",
        "FilesPublicKeyResource": "K2TEST",
        "ChatApi": "abc123",
        "NotifyConfigurationSet": "made",
    },
)


@pytest.mark.parametrize("function", ["ChatSessionFunction", "ChatMessageFunction", "NotifierFunction"])
def test_every_function_that_lists_files_can_sign_their_links(function):
    # Given template.yaml as deployed, When a function's environment is built, Then it has the key id
    assert function_environment(read_template(), function, DEPLOYMENT)["FILES_KEY_ID"] == "K2TEST"


def test_a_function_gets_only_its_own_and_the_global_variables():
    # When the sessions function's environment is built
    environment = function_environment(read_template(), "ChatSessionFunction", DEPLOYMENT)

    # Then the message function's own settings are not in it, and parameters resolve to their defaults
    assert "ATTACHMENT_TYPES" not in environment and "MAX_ATTACHMENT_BYTES" not in environment
    assert environment["POWERTOOLS_SERVICE_NAME"] == "chat-session"
    assert environment["CUSTOMER_TOKEN_TTL_SECONDS"] == "900"
    assert environment["PAGES_ORIGIN_PARAMETER"] == "/customer-chat-test/pages-origin"


def test_subs_and_conditions_resolve_as_cloudformation_does():
    environment = function_environment(read_template(), "NotifierFunction", DEPLOYMENT)

    assert environment["PUBLIC_API_URL"] == "https://abc123.execute-api.us-east-1.amazonaws.com/prod"
    assert environment["SES_CONFIGURATION_SET"] == "made"  # no SesConfigurationSet given: the stack's own


def test_an_intrinsic_the_local_stack_cannot_resolve_fails_loudly():
    template = {
        "Resources": {"F": {"Properties": {"Environment": {"Variables": {"X": {"GetAtt": ["Thing", "Arn"]}}}}}},
    }

    with pytest.raises(ValueError, match="unsupported intrinsic GetAtt"):
        function_environment(template, "F", DEPLOYMENT)
