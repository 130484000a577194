"""This browser's web push subscription, saved or deleted."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from chat_core import subscriptions
from chat_core.http import BEARER, caller, create_router, responses
from chat_core.models import (
    PUSH_ENDPOINT_BOUNDS,
    PushSubscriptionDeleted,
    PushSubscriptionRequest,
    PushSubscriptionSaved,
)

router = create_router()


@router.post(
    "/chat-session/push-subscriptions",
    status_code=201,
    summary="This browser gets web pushes: an admin's about its chats, a customer's about its chat",
    security=BEARER,
    responses=responses({201: (PushSubscriptionSaved, "Saved (the same endpoint again replaces it)")}),
)
def save_push_subscription(request: PushSubscriptionRequest) -> PushSubscriptionSaved:
    return subscriptions.save_push_subscription(caller(router), request)


@router.delete(
    "/chat-session/push-subscriptions",
    summary="This browser stops getting web pushes (the caller's own subscription only)",
    security=BEARER,
    responses=responses({200: (PushSubscriptionDeleted, "Deleted, or there was none")}),
)
def delete_push_subscription(
    endpoint: Annotated[
        str,
        Query(**PUSH_ENDPOINT_BOUNDS, description="The subscription's endpoint"),
    ],
) -> PushSubscriptionDeleted:
    return subscriptions.delete_push_subscription(caller(router), endpoint)
