"""What every benchmark shares: its figures in one JSON file (`make bench` fills it;
test-artifacts/ is not committed): {benchmark: {figure: value}}, each benchmark's entry
replaced when it runs again; and the throwaway local stack it runs against."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from local.realtime import RealtimeSettings
from local.stack import PRODUCTION_LIKE_REALTIME, LocalStack

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "test-artifacts" / "bench.json"


def record(benchmark: str, figures: dict[str, float | int | str]) -> None:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    results[benchmark] = {
        **figures,
        "commit": commit.strip(),
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


@contextlib.contextmanager
def running_stack(realtime: RealtimeSettings | None = None) -> Iterator[LocalStack]:
    """A throwaway local stack for one benchmark, its settings in this process's environment
    (for handlers run here and the API's execution environments); stopped and deleted after."""
    with tempfile.TemporaryDirectory() as tmp:
        stack = LocalStack.throwaway(Path(tmp) / "data", realtime=realtime or PRODUCTION_LIKE_REALTIME)
        os.environ.update(stack.function_settings(), POWERTOOLS_LOG_LEVEL="WARNING", POWERTOOLS_METRICS_DISABLED="true")
        os.environ.pop("CHAT_SECRET_ID", None)
        stack.start()
        # The benches measure what this code can do: the stage's throttle (50 a second, which
        # production applies in front of it) would measure the throttle instead.
        from local.api_gateway import StageLimits

        stack.api_gateway.limits = StageLimits()
        stack.api_gateway.redeploy({"POWERTOOLS_METRICS_DISABLED": "true"})
        try:
            yield stack
        finally:
            stack.stop()
