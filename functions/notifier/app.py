"""notifier: every minute (an EventBridge schedule), one pass that emails each recipient a
digest of what it has not read in time (chat_core.notifier); and SES's bounce and complaint
events (through SNS), which stop emails to that address. Not behind the API."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from chat_core.config import get_settings
from chat_core.notifier import run_pass, ses_sender, suppress_from_ses_events
from chat_core.observability import logger, metrics


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    result = run_pass(context.aws_request_id, ses_sender(get_settings()))
    metrics.add_metric(name="NotificationsSent", unit="Count", value=result.sent)
    metrics.add_metric(name="NotificationsFailed", unit="Count", value=result.failed)
    logger.info("notifier pass", extra={"claimed": result.claimed, "sent": result.sent, "failed": result.failed})
    return {"claimed": result.claimed, "sent": result.sent, "failed": result.failed}


@logger.inject_lambda_context
@metrics.log_metrics(raise_on_empty_metrics=False)
def ses_events_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    suppressed = suppress_from_ses_events(event.get("Records", []))
    metrics.add_metric(name="EmailAddressesSuppressed", unit="Count", value=suppressed)
    logger.info("ses events", extra={"records": len(event.get("Records", [])), "suppressed": suppressed})
    return {"suppressed": suppressed}
