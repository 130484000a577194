"""Cold start: a fresh Python process imports a handler and serves its first request against
the local stack (an admin's GET /chat-message: JWKS fetch, one RPC). Printed beside the
baseline measured in the same run: a fresh process that only does `import supabase`.

The processes run in .venv-layer, which holds what the Lambda layer holds (lib/requirements.txt)
plus supabase-py for the baseline, so dev tools (rich, click) do not slow imports as they
would not in Lambda. Our code runs from a copy compiled as lib/Makefile compiles the layer
(unchecked-hash bytecode), and pip compiled the dependencies, so every series has bytecode as
deployed. Three handler series: as deployed by default; with DETAILED_TRACING on in a Lambda-like
environment (Powertools Tracer active, the X-Ray SDK loaded); and without any bytecode (what a
layer built by SAM's python builder ships: Lambda's /opt is read-only, so nothing is cached),
beside `import supabase` without bytecode.

A fourth series is the floor the chosen dependencies set: the smallest handler that serves the
same request with them (Powertools' resolver with validation, Logger and Metrics; pyjwt's JWKS
client; the PostgREST client over httpx; one TLS context), none of our code. Our handler's
figure over the floor is what our own code costs.

    make bench            (or: PYTHONPATH=lib:. .venv/bin/python bench/cold_start.py --runs 9)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYER_PYTHON = ROOT / ".venv-layer" / "bin" / "python"
# Every fresh process runs in the layer's environment, where there is one (`make bench` makes it).
PROBE_PYTHON = str(LAYER_PYTHON) if LAYER_PYTHON.exists() else sys.executable
# Tracer is on only in Lambda (LAMBDA_TASK_ROOT); segments go to a daemon nobody runs, as UDP.
LAMBDA_TRACING = {
    "DETAILED_TRACING": "true",
    "LAMBDA_TASK_ROOT": "/var/task",
    "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
    "AWS_XRAY_CONTEXT_MISSING": "IGNORE_ERROR",
}
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from local.admins import create_admin, password_grant  # noqa: E402
from local.lambda_runtime import LambdaContext, v1_event  # noqa: E402

# Ends each probe in its fresh process: after the import (t0..t1), the first request.
FIRST_REQUEST = """
t1 = time.perf_counter()
from local.lambda_runtime import LambdaContext, v1_event
event = v1_event("GET", "/chat-message", query={"chatId": sys.argv[1]},
                 headers={"Authorization": "Bearer " + sys.argv[2]})
result = lambda_handler(event, LambdaContext())
t2 = time.perf_counter()
assert result["statusCode"] == 200, result
print(json.dumps({"import_ms": (t1 - t0) * 1000, "first_request_ms": (t2 - t1) * 1000}))
"""

# Runs in the fresh process: times the handler import and the first request separately.
HANDLER_PROBE = (
    """
import json, sys, time
t0 = time.perf_counter()
from functions.chat_message.app import lambda_handler
"""
    + FIRST_REQUEST
)

# The same request served with the chosen dependencies alone (no chat_core): the cold start's floor.
FLOOR_PROBE = (
    """
import json, os, sys, time
t0 = time.perf_counter()
from typing import Annotated, Any
from uuid import UUID
import httpx, jwt
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Query
from postgrest import SyncPostgrestClient
from pydantic import BaseModel

logger, metrics = Logger(), Metrics()
app = APIGatewayRestResolver(enable_validation=True)
url, key = os.environ["SUPABASE_URL"], os.environ["SUPABASE_SECRET_KEY"]

class Page(BaseModel):
    messages: list[dict[str, Any]]

@app.get("/chat-message")
def list_messages(chat_id: Annotated[UUID, Query(alias="chatId")]) -> Page:
    tls = httpx.create_ssl_context()
    token = app.current_event.headers["Authorization"].partition(" ")[2]
    jwks = jwt.PyJWKClient(url + "/auth/v1/.well-known/jwks.json", ssl_context=tls)
    claims = jwt.decode(token, jwks.get_signing_key_from_jwt(token), algorithms=["ES256"], audience="authenticated")
    client = SyncPostgrestClient(url + "/rest/v1", headers={"apiKey": key, "Authorization": "Bearer " + key},
                                 http_client=httpx.Client(verify=tls))
    page = client.rpc("chat_list_messages", {"p_chat_id": str(chat_id), "p_after_seq": None, "p_before_seq": None,
                      "p_limit": 50, "p_caller": claims["sub"], "p_as_admin": True}).execute().data
    return Page.model_validate(page)

@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event, context):
    return app.resolve(event, context)
"""
    + FIRST_REQUEST
)

BASELINE_PROBE = """
import json, time
t0 = time.perf_counter()
import supabase
print(json.dumps({"import_ms": (time.perf_counter() - t0) * 1000}))
"""


def run_probe(code: str, *args: str, env: dict[str, str]) -> dict[str, float]:
    started = time.perf_counter()
    out = subprocess.run([PROBE_PYTHON, "-c", code, *args], env=env, check=True, capture_output=True, text=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["process_ms"] = (time.perf_counter() - started) * 1000
    return figures


def compiled_copy(into: Path) -> Path:
    """Our packages as the layer carries them: copied, and compiled the way lib/Makefile does."""
    for package in ("lib/chat_core", "functions", "local"):
        shutil.copytree(ROOT / package, into / Path(package).name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [PROBE_PYTHON, "-m", "compileall", "-q", "-f", "--invalidation-mode", "unchecked-hash", str(into)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return into


# label -> figure prefix; the "no .pyc" series is compared with `import supabase` without bytecode.
HANDLER_SERIES = {
    "handler": "handler",
    "floor": "dependency_floor",
    "+tracing": "handler_detailed_tracing",
    "no .pyc": "handler_without_bytecode",
}


def median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with running_stack() as stack, tempfile.TemporaryDirectory() as tmp:
        site = compiled_copy(Path(tmp) / "site")
        env = {
            **os.environ,
            "PYTHONPATH": str(site),
            "POWERTOOLS_METRICS_NAMESPACE": "Bench",
            "POWERTOOLS_LOG_LEVEL": "WARNING",
        }
        # Bytecode looked up in an empty directory and never written: every module compiled.
        no_bytecode = {**env, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "empty"), "PYTHONDONTWRITEBYTECODE": "1"}
        from functions.chat_session.app import lambda_handler as session_handler

        create_admin(stack.database_url, "bench@example.com", "bench password", "Bench")
        token = password_grant(stack.supabase_url, stack.keys.publishable, "bench@example.com", "bench password")[
            "access_token"
        ]
        with contextlib.redirect_stdout(io.StringIO()):  # its metrics line is not a figure
            created = session_handler(
                v1_event(
                    "POST",
                    "/chat-session",
                    body=json.dumps({"customer_name": "Bench"}),
                    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                ),
                LambdaContext(),
            )
        chat_id = json.loads(created["body"])["session"]["id"]

        # Interleaved, so drift on the machine touches every series alike.
        series: dict[str, list[dict[str, float]]] = {name: [] for name in ("baseline", *HANDLER_SERIES, "bare")}
        for _ in range(args.runs):
            series["baseline"].append(run_probe(BASELINE_PROBE, env=env))
            series["handler"].append(run_probe(HANDLER_PROBE, chat_id, token, env=env))
            series["floor"].append(run_probe(FLOOR_PROBE, chat_id, token, env=env))
            series["+tracing"].append(run_probe(HANDLER_PROBE, chat_id, token, env={**env, **LAMBDA_TRACING}))
            series["bare"].append(run_probe(BASELINE_PROBE, env=no_bytecode))
            series["no .pyc"].append(run_probe(HANDLER_PROBE, chat_id, token, env=no_bytecode))

    base_import = median(series["baseline"], "import_ms")
    bare_import = median(series["bare"], "import_ms")
    print(f"cold start, median of {args.runs} fresh processes ({PROBE_PYTHON}):")
    print(
        f"  baseline  `import supabase`                 {base_import:8.1f} ms   "
        f"process {median(series['baseline'], 'process_ms'):8.1f} ms"
    )
    print(f"  baseline  `import supabase`, no bytecode    {bare_import:8.1f} ms")
    figures: dict[str, float | int | str] = {
        "runs": args.runs,
        "baseline_import_supabase_ms": round(base_import, 1),
        "baseline_import_supabase_without_bytecode_ms": round(bare_import, 1),
    }
    totals: dict[str, float] = {}
    for label, key in HANDLER_SERIES.items():
        rows = series[label]
        baseline = bare_import if label == "no .pyc" else base_import
        handler_import = median(rows, "import_ms")
        first_request = median(rows, "first_request_ms")
        total = totals[label] = handler_import + first_request
        print(
            f"  {label:9} import the handler module        {handler_import:8.1f} ms   "
            f"({handler_import / baseline:.2f}x baseline)"
        )
        print(f"  {label:9} first request (JWKS, one RPC)     {first_request:8.1f} ms")
        print(
            f"  {label:9} import + first request            {total:8.1f} ms   ({total / baseline:.2f}x baseline)   "
            f"process {median(rows, 'process_ms'):8.1f} ms"
        )
        figures |= {
            f"{key}_import_ms": round(handler_import, 1),
            f"{key}_first_request_ms": round(first_request, 1),
            f"{key}_import_and_first_request_ms": round(total, 1),
            f"{key}_ratio": round(total / baseline, 2),
        }
    over_floor = totals["handler"] / totals["floor"]
    print(f"  our code's share: the handler is {over_floor:.2f}x the dependencies' floor")
    figures["handler_over_dependency_floor"] = round(over_floor, 2)
    record("cold_start", figures)


if __name__ == "__main__":
    main()
