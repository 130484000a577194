"""A scheduled Lambda handler for the local scheduler's tests (tests/integration/
test_scheduler.py): notes each start and end in PROBE_FILE, takes SLEEP_S seconds, and fails
when FAIL is set, all read from the function's own environment."""

from __future__ import annotations

import os
import time
from typing import Any


def handler(event: dict[str, Any], context: Any) -> None:
    with open(os.environ["PROBE_FILE"], "a") as probe:
        probe.write(f"start {event['id']}\n")
    time.sleep(float(os.environ.get("SLEEP_S", "0")))
    if os.environ.get("FAIL"):
        raise RuntimeError("the scheduled function failed")
    with open(os.environ["PROBE_FILE"], "a") as probe:
        probe.write(f"end {event['id']}\n")
