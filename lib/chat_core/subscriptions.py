"""Who is notified, and how: a recipient's email subscription (the unsubscribe link's token is
the credential), and the signed-in admin's notification preferences."""

from __future__ import annotations

from chat_core import rpc
from chat_core.auth import Caller, read_unsubscribe_token
from chat_core.models import AdminPreferences, AdminProfile, EmailSubscription, EmailSubscriptionChange


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
