"""The deployment artifacts: the SAM template lints and builds, the OpenAPI file is current."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from local.api_gateway import read_routes
from tools.openapi import render

ROOT = Path(__file__).resolve().parents[2]
SAM = ROOT / ".venv-sam" / "bin" / "sam"
# LAYER_PYTHON: lib/Makefile builds the layer with the runtime's interpreter, this one here.
SAM_ENV = {**os.environ, "SAM_CLI_TELEMETRY": "0", "AWS_DEFAULT_REGION": "us-east-1", "LAYER_PYTHON": sys.executable}
RUNTIME = f"python{sys.version_info.major}.{sys.version_info.minor}"


def run_sam(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    assert SAM.exists(), "the SAM CLI is installed by `make setup` into .venv-sam"
    return subprocess.run([str(SAM), *args], cwd=cwd, env=SAM_ENV, capture_output=True, text=True, timeout=600)


def test_sam_validate_with_lint_is_clean():
    result = run_sam("validate", "--lint")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


@pytest.mark.slow
def test_sam_build_succeeds_for_arm64_with_the_layers_bytecode(tmp_path):
    # The template's runtime is overridden to this machine's Python, which builds the layer.
    result = run_sam(
        "build",
        "--build-dir",
        str(tmp_path / "build"),
        "--cache-dir",
        str(ROOT / ".aws-sam" / "cache"),
        "--cached",
        "--parameter-overrides",
        f"PythonRuntime={RUNTIME}",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    layer = tmp_path / "build" / "ChatCoreLayer" / "python"
    assert (layer / "chat_core" / "supabase_client.py").exists()
    assert list((layer / "pydantic_core").glob("*aarch64*.so")), "the layer must carry arm64 wheels"
    # Lambda cannot write bytecode to /opt: the layer carries it, valid without checking the source.
    for module in (layer / "chat_core" / "supabase_client.py", layer / "pydantic" / "main.py"):
        compiled = Path(importlib.util.cache_from_source(str(module)))
        assert compiled.exists(), f"{module.name} has no bytecode for {RUNTIME}"
        flags = int.from_bytes(compiled.read_bytes()[4:8], "little")
        assert flags == 0b01, "bytecode must be hash-based and unchecked (zip files keep no exact mtimes)"


def test_committed_openapi_matches_the_resolvers():
    committed = (ROOT / "openapi.json").read_text()

    assert committed == render(), "openapi.json is stale: run `make openapi` and commit it"


def test_template_routes_are_exactly_the_documented_api():
    # Every API event in template.yaml has a resolver route, and no route lacks an event.
    template_routes = {(r.method, r.path) for r in read_routes() if r.method != "OPTIONS"}
    documented = {(method.upper(), path) for path, ops in json.loads(render())["paths"].items() for method in ops}

    assert template_routes == documented


def test_ses_may_publish_its_events_to_their_encrypted_topic():
    # Given the template's SES events topic
    from local.api_gateway import read_template

    resources = read_template()["Resources"]
    key_ref = resources["SesEventsTopic"]["Properties"]["KmsMasterKeyId"]

    # Then it is encrypted with a key of the stack's own (an AWS-managed key's policy cannot let
    # SES in), whose policy lets SES generate data keys and decrypt with it
    assert isinstance(key_ref, dict) and resources[key_ref["Ref"]]["Type"] == "AWS::KMS::Key"
    statements = resources[key_ref["Ref"]]["Properties"]["KeyPolicy"]["Statement"]
    ses = [s for s in statements if s["Principal"] == {"Service": "ses.amazonaws.com"}]
    assert ses and {"kms:GenerateDataKey*", "kms:Decrypt"} <= set(ses[0]["Action"])


def test_pages_hosted_elsewhere_may_upload_to_the_bucket():
    # Given the template's bucket
    from local.api_gateway import read_template

    template = read_template()
    rules = template["Resources"]["AttachmentsBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]

    # Then besides the stack's own pages, the origins the API allows (CorsAllowedOrigins) may POST
    conditional = [rule["If"] for rule in rules if "If" in rule]
    assert conditional and conditional[0][0] == "CorsOriginsGiven"
    assert conditional[0][1]["AllowedOrigins"] == {"Split": [",", {"Ref": "CorsAllowedOrigins"}]}
    assert "POST" in conditional[0][1]["AllowedMethods"]
