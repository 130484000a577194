"""One structured logger, one metrics emitter (EMF) and one tracer (X-Ray) shared by both functions."""

import os
import warnings

from aws_lambda_powertools import Logger, Metrics, Tracer

# Reads are not counted, so an invocation without metrics is normal, not worth a warning.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
# template.yaml sets the namespace; the default keeps metrics flushing wherever it is unset.
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "CustomerChat"))
# Off outside Lambda (Powertools checks AWS_LAMBDA_FUNCTION_NAME); patches httpx, so each
# PostgREST and JWKS call is a subsegment of the request's trace.
tracer = Tracer()
