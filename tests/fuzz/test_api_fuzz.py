"""The API fuzzed from its own openapi.json: a fixed number of generated requests per
operation, reproducible (fixed derivation of examples), as an admin and as a customer. Any 5xx,
or a response that does not match what the document promises, fails the test."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

SCHEMA = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "openapi.json")
# Valid requests and invalid ones (wrong types, missing or extra fields, out-of-range values),
# NUL bytes included, the same cases on every run.
SCHEMA.config.generation.update(
    modes=list(schemathesis.GenerationMode), allow_x00=True, deterministic=True, database="none"
)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CASES_PER_OPERATION = 40
FUZZ = settings(
    max_examples=CASES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module", autouse=True)
def no_stage_throttle(local_stack):
    """The fuzz judges the handlers' answers, thousands of them in a row: the stage's throttle
    (50 a second, template.yaml) would answer some with API Gateway's 429 instead, which
    tests/integration/test_api_gateway.py tests. An account's default limits meanwhile."""
    from dataclasses import replace

    from local.api_gateway import StageLimits

    deployed = local_stack.api_gateway.limits
    local_stack.api_gateway.limits = replace(deployed, rate=StageLimits.rate, burst=StageLimits.burst)
    yield
    local_stack.api_gateway.limits = deployed


@pytest.fixture(scope="module")
def fuzz_owner_token(local_stack):
    """An owner of the team of its own: what the fuzz changes about "me" (email choices, the
    name) is this admin's, not the one every other test signs in as."""
    from local.admins import create_admin, password_grant

    email, password = "fuzz-owner@chat.test", "fuzz owner password"
    create_admin(local_stack.database_url, email, password, "Fuzz Owner", role="owner")
    return password_grant(local_stack.supabase_url, local_stack.keys.publishable, email, password)["access_token"]


@pytest.fixture(scope="module")
def customers_chat(chats):
    """A chat with a message, and the token its customer holds."""
    chat = chats.create(name="Fuzz Target")
    chats.send(chat["id"], "something to read")
    return chat, chats.customer_token(chat["id"])


@SCHEMA.parametrize()
@FUZZ
def test_an_admin_gets_no_server_error_and_only_documented_answers(case, local_stack, fuzz_owner_token):
    case.call_and_validate(
        base_url=local_stack.api_url, headers={"Authorization": f"Bearer {fuzz_owner_token}"}, checks=CHECKS
    )


@SCHEMA.parametrize()
@FUZZ
def test_a_customer_gets_no_server_error_and_only_documented_answers(case, local_stack, customers_chat):
    _, token = customers_chat
    case.call_and_validate(base_url=local_stack.api_url, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
