"""What API Gateway (REST, payload v1) and the Lambda runtime hand a handler, built locally.

Shared by the API Gateway emulator and the tests so both invoke handlers the same way.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import resource
import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
# A synchronous invocation's response, serialized, is at most 6 MB (the Lambda API reference,
# Invoke: "For synchronous invocations, the maximum payload size is 6 MB"); past it the
# invocation fails and API Gateway answers 502.
MAX_RESPONSE_BYTES = 6 * 1024 * 1024


class ResponseTooLarge(RuntimeError):
    """The handler answered more than a synchronous Lambda invocation may return."""


@dataclass
class LambdaContext:
    function_name: str = "local"
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/local"
    log_stream_name: str = "local"
    timeout_ms: int = 10_000
    _started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:000000000000:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self.timeout_ms - int((time.monotonic() - self._started) * 1000))


def v1_event(
    method: str,
    path: str,
    *,
    query: Mapping[str, str | Sequence[str]] | None = None,
    headers: Mapping[str, str | Sequence[str]] | None = None,
    body: str | bytes | None = None,
    resource: str | None = None,
    source_ip: str = "127.0.0.1",
) -> dict[str, Any]:
    """A REST API proxy event. A repeated query key or header: the single-value map keeps the
    last, the multi-value map every one, as API Gateway does (the REST API's "Input format"
    reference: "If the same key-value pair is specified multiple times, only the last value
    appears" in headers). A body that is not UTF-8 text arrives base64-encoded, flagged
    isBase64Encoded."""
    text, encoded = body, False
    if isinstance(body, bytes):
        try:
            text = body.decode()
        except UnicodeDecodeError:
            text, encoded = base64.b64encode(body).decode(), True
    multi_query = {key: [value] if isinstance(value, str) else list(value) for key, value in (query or {}).items()}
    multi_headers = {key: [value] if isinstance(value, str) else list(value) for key, value in (headers or {}).items()}
    header_map = {key: values[-1] for key, values in multi_headers.items()}
    return {
        "resource": resource or path,
        "path": path,
        "httpMethod": method.upper(),
        "headers": header_map or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": {key: values[-1] for key, values in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource or path,
            "httpMethod": method.upper(),
            "path": f"/local{path}",
            "stage": "local",
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": int(time.time() * 1000),
            "protocol": "HTTP/1.1",
            "accountId": "000000000000",
            "apiId": "local",
            "identity": {"sourceIp": source_ip, "userAgent": header_map.get("User-Agent", "")},
        },
        "body": text,
        "isBase64Encoded": encoded,
    }


_container = threading.Lock()


def invoke(handler: Handler, event: dict[str, Any], context: LambdaContext | None = None) -> dict[str, Any]:
    """Call `handler` as a Lambda container does: one request at a time. Powertools' resolver
    keeps the current request on the app, and both functions share chat_core's module state
    (the one Supabase client) in this process, which no two concurrent Lambda requests ever
    share; so one request at a time in the whole process."""
    with _container:
        result = handler(event, context or LambdaContext())
    size = len(json.dumps(result).encode())
    if size > MAX_RESPONSE_BYTES:
        raise ResponseTooLarge(f"the response is {size} bytes; Lambda returns at most {MAX_RESPONSE_BYTES}")
    return result


@dataclass(frozen=True)
class Resources:
    """What Lambda gives one execution environment (the function's MemorySize and
    EphemeralStorage; the Lambda developer guide, "Configuring function memory" and "Configuring
    ephemeral storage"): defaults 128 MB and 512 MB."""

    memory_mb: int = 128
    ephemeral_mb: int = 512


def enter_execution_environment(environment: dict[str, str], resources: Resources) -> None:
    """Make this process one execution environment: the function's environment and nothing
    else; a /tmp of its own where no file grows past the ephemeral storage (a write beyond fails
    with "File too large"; Lambda's fails with "No space left on device"); and, as Lambda stops
    an environment that uses more than its memory ("Runtime exited with error: signal:
    killed"), a watchdog that kills this process once its resident memory passes MemorySize."""
    os.environ.clear()
    os.environ.update(environment)
    tempfile.tempdir = tempfile.mkdtemp(prefix="lambda-tmp-")
    limit = resources.ephemeral_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    threading.Thread(target=_kill_past_memory, args=(resources.memory_mb,), name="memory", daemon=True).start()


def load_handler(module: str, handler_name: str, environment: dict[str, str], resources: Resources) -> Handler:
    """A cold start: this process made an execution environment, then the handler imported.
    The developer's Ctrl-C is not for it: Lambda stops its environments, and so does the
    stack's stop (a worker killed by the terminal's SIGINT would print its traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    enter_execution_environment(environment, resources)
    handler: Handler = getattr(importlib.import_module(module), handler_name)
    return handler


def _kill_past_memory(memory_mb: int) -> None:
    page = os.sysconf("SC_PAGE_SIZE")
    while True:
        with open("/proc/self/statm") as statm:
            resident = int(statm.read().split()[1]) * page
        if resident > memory_mb * 1024 * 1024:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.02)
