"""One structured logger and one metrics emitter (EMF) shared by both functions."""

import warnings

from aws_lambda_powertools import Logger, Metrics

# Reads are not counted, so an invocation without metrics is normal, not worth a warning.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
metrics = Metrics()
