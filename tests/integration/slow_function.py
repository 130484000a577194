"""A Lambda handler that takes as long as its event says (for the API Gateway emulator's
timeouts: tests/integration/test_api_gateway.py)."""

from __future__ import annotations

import time
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    time.sleep(float((event.get("queryStringParameters") or {}).get("seconds", "0")))
    return {"statusCode": 200, "body": "done"}
