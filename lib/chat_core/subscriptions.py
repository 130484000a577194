"""Who is notified, and how: a recipient's email subscription (the unsubscribe link's token is
the credential), the signed-in admin's notification preferences, and the push subscriptions of
a caller's browsers."""

from __future__ import annotations

from chat_core import rpc
from chat_core.auth import Caller, read_unsubscribe_token
from chat_core.config import get_settings
from chat_core.errors import ValidationFailed
from chat_core.models import (
    AdminPreferences,
    AdminProfile,
    EmailSubscription,
    EmailSubscriptionChange,
    PushSubscriptionDeleted,
    PushSubscriptionRequest,
    PushSubscriptionSaved,
)
from chat_core.push_endpoints import RefusedEndpoint, check_endpoint


def email_subscription(token: str, change: EmailSubscriptionChange | None = None) -> EmailSubscription:
    """How the emails the token's email was about stand, after `change` if one is given."""
    recipient_type, recipient_id, chat_id = read_unsubscribe_token(token)
    subscription = rpc.call(
        "chat_email_subscription",
        {
            "p_recipient_type": recipient_type,
            "p_recipient_id": recipient_id,
            "p_chat_id": str(chat_id),
            "p_subscribed": change.subscribed if change else None,
        },
        write=change is not None,
    )
    return EmailSubscription.model_validate(subscription)


def set_admin_preferences(caller: Caller, preferences: AdminPreferences) -> AdminProfile:
    caller.require_admin()
    profile = rpc.call(
        "chat_set_admin_preferences",
        {"p_admin_id": caller.subject, "p_email_notifications": preferences.email_notifications},
        write=True,
    )
    return AdminProfile.model_validate(profile)


def save_push_subscription(caller: Caller, request: PushSubscriptionRequest) -> PushSubscriptionSaved:
    """This browser gets pushes: an admin's about every chat routed to it, a customer's about its chat."""
    try:
        check_endpoint(request.endpoint, get_settings().push_services)
    except RefusedEndpoint as refused:
        raise ValidationFailed(f"endpoint: {refused}") from refused
    saved = rpc.call(
        "chat_save_push_subscription",
        {
            "p_caller_id": caller.subject,
            "p_is_admin": caller.is_admin,
            "p_chat_id": str(caller.chat_id) if caller.chat_id else None,
            "p_endpoint": request.endpoint,
            "p_p256dh": request.keys.p256dh.rstrip("="),
            "p_auth": request.keys.auth.rstrip("="),
        },
        write=True,
    )
    return PushSubscriptionSaved.model_validate(saved)


def delete_push_subscription(caller: Caller, endpoint: str) -> PushSubscriptionDeleted:
    deleted = rpc.call(
        "chat_delete_push_subscription",
        {"p_caller_id": caller.subject, "p_is_admin": caller.is_admin, "p_endpoint": endpoint},
        write=True,
    )
    return PushSubscriptionDeleted.model_validate(deleted)
