"""Cold start: a fresh Python process imports a handler and serves its first request against
the local stack (an admin's GET /chat-message: JWKS fetch, one RPC). Printed beside the
baseline measured in the same run: a fresh process that only does `import supabase`.

The processes run in .venv-layer, which holds what the Lambda layer holds (lib/requirements.txt)
plus supabase-py for the baseline, so dev tools (rich, click) do not slow imports as they
would not in Lambda. Two handler series: as deployed by default, and with DETAILED_TRACING on
in a Lambda-like environment (Powertools Tracer active, the X-Ray SDK loaded).

    make bench            (or: PYTHONPATH=lib:. .venv/bin/python bench/cold_start.py --runs 9)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYER_PYTHON = ROOT / ".venv-layer" / "bin" / "python"
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

# Runs in the fresh process: times the handler import and the first request separately.
HANDLER_PROBE = """
import json, sys, time
t0 = time.perf_counter()
from functions.chat_message.app import lambda_handler
t1 = time.perf_counter()
from local.lambda_runtime import LambdaContext, v1_event
event = v1_event("GET", "/chat-message", query={"chatId": sys.argv[1]},
                 headers={"Authorization": "Bearer " + sys.argv[2]})
result = lambda_handler(event, LambdaContext())
t2 = time.perf_counter()
assert result["statusCode"] == 200, result
print(json.dumps({"import_ms": (t1 - t0) * 1000, "first_request_ms": (t2 - t1) * 1000}))
"""

BASELINE_PROBE = """
import json, time
t0 = time.perf_counter()
import supabase
print(json.dumps({"import_ms": (time.perf_counter() - t0) * 1000}))
"""


def run_probe(code: str, *args: str, env: dict[str, str]) -> dict[str, float]:
    python = str(LAYER_PYTHON) if LAYER_PYTHON.exists() else sys.executable
    started = time.perf_counter()
    out = subprocess.run([python, "-c", code, *args], env=env, check=True, capture_output=True, text=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["process_ms"] = (time.perf_counter() - started) * 1000
    return figures


def median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with running_stack() as stack:
        env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'lib'}:{ROOT}",
            "POWERTOOLS_METRICS_NAMESPACE": "Bench",
            "POWERTOOLS_LOG_LEVEL": "WARNING",
        }
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

        # Interleaved, so drift on the machine touches both series alike.
        handler_rows, traced_rows, baseline_rows = [], [], []
        for _ in range(args.runs):
            baseline_rows.append(run_probe(BASELINE_PROBE, env=env))
            handler_rows.append(run_probe(HANDLER_PROBE, chat_id, token, env=env))
            traced_rows.append(run_probe(HANDLER_PROBE, chat_id, token, env={**env, **LAMBDA_TRACING}))

    base_import = median(baseline_rows, "import_ms")
    python = LAYER_PYTHON if LAYER_PYTHON.exists() else Path(sys.executable)
    print(f"cold start, median of {args.runs} fresh processes ({python}):")
    print(
        f"  baseline  `import supabase`                 {base_import:8.1f} ms   "
        f"process {median(baseline_rows, 'process_ms'):8.1f} ms"
    )
    figures: dict[str, float | int | str] = {"runs": args.runs, "baseline_import_supabase_ms": round(base_import, 1)}
    for label, rows in (("handler", handler_rows), ("+tracing", traced_rows)):
        handler_import = median(rows, "import_ms")
        first_request = median(rows, "first_request_ms")
        total = handler_import + first_request
        print(
            f"  {label:9} import chat_message.app           {handler_import:8.1f} ms   "
            f"({handler_import / base_import:.2f}x baseline)"
        )
        print(f"  {label:9} first request (JWKS, one RPC)     {first_request:8.1f} ms")
        print(
            f"  {label:9} import + first request            {total:8.1f} ms   ({total / base_import:.2f}x baseline)   "
            f"process {median(rows, 'process_ms'):8.1f} ms"
        )
        key = "handler" if label == "handler" else "handler_detailed_tracing"
        figures |= {
            f"{key}_import_ms": round(handler_import, 1),
            f"{key}_first_request_ms": round(first_request, 1),
            f"{key}_import_and_first_request_ms": round(total, 1),
            f"{key}_ratio": round(total / base_import, 2),
        }
    record("cold_start", figures)


if __name__ == "__main__":
    main()
