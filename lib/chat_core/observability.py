"""One structured logger, one metrics emitter (EMF) and, when asked for, Powertools Tracer."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Logger, Metrics

# Reads are not counted, so an invocation without metrics is normal, not worth a warning.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
# template.yaml sets the namespace; the default keeps metrics flushing wherever it is unset.
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "CustomerChat"))

F = TypeVar("F", bound=Callable[..., Any])


def _untraced(function: F) -> F:
    return function


# X-Ray: with Tracing: Active, Lambda and API Gateway trace every request without any code
# here. DETAILED_TRACING=true adds Powertools Tracer's subsegments (the handler, each RPC and
# JWKS call through patched httpx), at a price: the X-Ray SDK builds a botocore client when
# imported, ~200 ms of every cold start (bench/cold_start.py measures it). Responses are
# never recorded: they carry tokens and messages.
trace_handler: Callable[[F], F] = _untraced
trace_method: Callable[[F], F] = _untraced
if os.environ.get("DETAILED_TRACING", "").lower() == "true":
    from aws_lambda_powertools import Tracer

    _tracer = Tracer()
    trace_handler = _tracer.capture_lambda_handler(capture_response=False)
    trace_method = _tracer.capture_method(capture_response=False)
