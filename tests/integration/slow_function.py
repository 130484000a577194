"""A Lambda handler that takes as long as its event says, holds as much memory and writes as
large a temporary file (for the API Gateway emulator's timeouts and an execution environment's
limits: tests/integration/test_api_gateway.py)."""

from __future__ import annotations

import tempfile
import time
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    query = event.get("queryStringParameters") or {}
    held = b"x" * (int(query.get("megabytes", "0")) * 1024 * 1024)  # written, so resident
    if query.get("tmp_megabytes"):
        try:
            with tempfile.TemporaryFile() as scratch:
                for _ in range(int(query["tmp_megabytes"])):
                    scratch.write(b"x" * 1024 * 1024)
        except OSError as exc:
            return {"statusCode": 507, "body": exc.strerror or str(exc)}
    time.sleep(float(query.get("seconds", "0")))
    return {"statusCode": 200, "body": f"done {len(held)}"}
