"""One structured logger and one metrics emitter (EMF) shared by both functions."""

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()
