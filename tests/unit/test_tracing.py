"""Detailed tracing (Powertools Tracer, the X-Ray SDK) is loaded only when asked for: it costs
every cold start ~200 ms, while Lambda's own active tracing costs nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from functions.chat_message.app import lambda_handler
from chat_core.rpc import call
print(json.dumps({"xray_loaded": "aws_xray_sdk.core" in sys.modules, "rpc_wrapped": hasattr(call, "__wrapped__")}))
"""


def _probe(**env: str) -> dict[str, bool]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'lib'}:{ROOT}",
            "SUPABASE_URL": "http://127.0.0.1:9",
            "PUBLIC_CHAT_URL": "http://chat.test/chat",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answer: dict[str, bool] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def test_by_default_the_handlers_do_not_load_the_xray_sdk():
    assert _probe(DETAILED_TRACING="") == {"xray_loaded": False, "rpc_wrapped": False}


def test_detailed_tracing_traces_the_handler_and_each_rpc():
    assert _probe(DETAILED_TRACING="true") == {"xray_loaded": True, "rpc_wrapped": True}
