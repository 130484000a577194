"""Every benchmark's figures in one JSON file (`make bench` fills it; test-artifacts/ is not
committed): {benchmark: {figure: value}}, each benchmark's entry replaced when it runs again."""

from __future__ import annotations

import json
import platform
import subprocess
import time
from pathlib import Path

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
