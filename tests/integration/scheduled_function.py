"""A scheduled Lambda handler for the local scheduler's tests (tests/integration/
test_scheduler.py): notes each start and end in PROBE_FILE, holds HOLD_MB of memory, takes
SLEEP_S seconds, and fails when FAIL is set, all read from the function's own environment."""

from __future__ import annotations

import os
import time
from typing import Any


def handler(event: dict[str, Any], context: Any) -> None:
    with open(os.environ["PROBE_FILE"], "a") as probe:
        probe.write(f"start {event['id']}\n")
    held = b"x" * int(os.environ.get("HOLD_MB", "0")) * 1024 * 1024  # written, so resident
    time.sleep(float(os.environ.get("SLEEP_S", "0")) + 0.1 * bool(held))
    if os.environ.get("FAIL"):
        raise RuntimeError("the scheduled function failed")
    with open(os.environ["PROBE_FILE"], "a") as probe:
        probe.write(f"end {event['id']}\n")
