"""notifier: every minute (an EventBridge schedule), one pass that pushes or emails each
recipient a digest of what it has not read in time (chat_core.notifier), then, with a
retention period set, erases closed chats past it (chat_core.data_rights); and SES's bounce and
complaint events (through SNS), which stop emails to that address. Not behind the API."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from chat_core.config import get_settings
from chat_core.data_rights import erase_expired
from chat_core.notifier import push_sender, run_pass, ses_sender, suppress_from_ses_events
from chat_core.observability import logger, metrics


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    settings = get_settings()
    result = run_pass(context.aws_request_id, ses_sender(settings), push=push_sender(settings))
    metrics.add_metric(name="NotificationsSent", unit="Count", value=result.sent)
    metrics.add_metric(name="NotificationsPushed", unit="Count", value=result.pushed)
    metrics.add_metric(name="NotificationsFailed", unit="Count", value=result.failed)
    metrics.add_metric(name="NotificationsThrottled", unit="Count", value=result.throttled)
    outcome = {
        "claimed": result.claimed,
        "sent": result.sent,
        "failed": result.failed,
        "pushed": result.pushed,
        "throttled": result.throttled,
    }
    if settings.closed_chat_retention_days:
        erased = erase_expired(settings.closed_chat_retention_days)
        metrics.add_metric(name="ChatsErased", unit="Count", value=erased["chats"])
        outcome["erased_chats"] = erased["chats"]
    logger.info("notifier pass", extra=outcome)
    return outcome


@logger.inject_lambda_context
@metrics.log_metrics(raise_on_empty_metrics=False)
def ses_events_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    suppressed = suppress_from_ses_events(event.get("Records", []))
    metrics.add_metric(name="EmailAddressesSuppressed", unit="Count", value=suppressed)
    logger.info("ses events", extra={"records": len(event.get("Records", [])), "suppressed": suppressed})
    return {"suppressed": suppressed}
