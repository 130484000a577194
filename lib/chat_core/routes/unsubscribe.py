"""An email's recipient stops (or restarts) such emails, with the email's token."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from chat_core import subscriptions
from chat_core.http import create_router, responses
from chat_core.models import (
    EmailSubscription,
    EmailSubscriptionChange,
)

UNSUBSCRIBE = "/chat-session/unsubscribe"
UnsubscribeToken = Annotated[str, Query(min_length=40, max_length=300, description="From the email's unsubscribe link")]
# An email's recipient unsubscribes with the email's token: its own credential.
PUBLIC_ROUTES = {("GET", UNSUBSCRIBE), ("POST", UNSUBSCRIBE)}
router = create_router()


@router.get(
    UNSUBSCRIBE,
    summary="Whether an email's recipient still gets such emails (the email's token)",
    responses=responses({200: (EmailSubscription, "How the emails stand")}),
)
def email_subscription(token: UnsubscribeToken) -> EmailSubscription:
    return subscriptions.email_subscription(token)


@router.post(
    UNSUBSCRIBE,
    summary="Stop (or restart) emails: a customer's about its chat, an admin's about every chat (the email's token)",
    description=(
        "The URI of the emails' List-Unsubscribe header: a mail client's one-click POST "
        '(RFC 8058, the form List-Unsubscribe=One-Click) is read as {"subscribed": false}.'
    ),
    responses=responses({200: (EmailSubscription, "How the emails stand now")}),
)
def change_email_subscription(request: EmailSubscriptionChange, token: UnsubscribeToken) -> EmailSubscription:
    return subscriptions.email_subscription(token, request)
