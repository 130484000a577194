"""The notifier: one pass claims the notifications that are due (chat_claim_notifications,
safe when two passes overlap), emails each recipient one digest of what is still unread in
that chat, and records the outcome (chat_record_notification: sent, or retried with backoff
and then given up). A pass that dies between sending and recording leaves its claims to time
out; the next pass sends those again: at least once, twice only after such a crash."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from chat_core import rpc
from chat_core.auth import unsubscribe_token
from chat_core.config import Settings, get_settings
from chat_core.observability import logger
from chat_core.sessions import customer_link

Send = Callable[[dict[str, Any]], None]


class PermanentFailure(Exception):
    """The email was refused for good (SES rejected the address): retrying cannot help."""


@dataclass(frozen=True)
class PassResult:
    claimed: int
    sent: int
    failed: int


def run_pass(worker: str, send: Send, limit: int = 100) -> PassResult:
    claimed = rpc.call("chat_claim_notifications", {"p_worker": worker, "p_limit": limit}, write=True)["notifications"]
    sent = failed = 0
    for notification in claimed:
        error, permanent = None, False
        try:
            send(notification)
        except Exception as exc:  # any failure to hand the email over is retried later, unless permanent
            error, permanent = f"{type(exc).__name__}: {exc}"[:500], isinstance(exc, PermanentFailure)
            logger.warning("notification not sent", extra={"notification_id": notification["id"], "error": error})
        rpc.call(
            "chat_record_notification",
            {
                "p_id": notification["id"],
                "p_worker": worker,
                "p_sent": error is None,
                "p_error": error,
                "p_permanent": permanent,
            },
            write=True,
        )
        sent, failed = (sent + 1, failed) if error is None else (sent, failed + 1)
    return PassResult(claimed=len(claimed), sent=sent, failed=failed)


def chat_url(notification: dict[str, Any]) -> str | None:
    """Where the email's button goes: for the customer, the link it already has (shown again,
    not replaced); for an admin, the chat on the dashboard. None where there is none to give."""
    chat_id = UUID(notification["chat_id"])
    if notification["recipient_type"] == "customer":
        link = notification.get("link")
        if not link:
            return None
        return customer_link(chat_id, datetime.fromisoformat(link["expires_at"]), link["token_hash"])
    dashboard = get_settings().public_admin_url
    return f"{dashboard}?{urlencode({'chat': str(chat_id)})}" if dashboard else None


@dataclass(frozen=True)
class Unsubscribe:
    page: str  # the customer page's view where a person stops (or restarts) the emails
    one_click: str | None  # the API's URI for a mail client's one-click POST (RFC 8058)

    def headers(self) -> dict[str, str]:
        """RFC 8058 section 3.1: both headers, or none (the POST needs an https URI)."""
        if not self.one_click:
            return {}
        return {"List-Unsubscribe": f"<{self.one_click}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def unsubscribe_for(notification: dict[str, Any]) -> Unsubscribe:
    """Where the recipient stops these emails: a customer for its chat, an admin for its account."""
    settings = get_settings()
    token = unsubscribe_token(
        notification["recipient_type"], notification["recipient_id"], UUID(notification["chat_id"])
    )
    query = urlencode({"token": token})
    return Unsubscribe(
        page=f"{settings.public_chat_url}#{urlencode({'unsubscribe': token})}",
        one_click=f"{settings.public_api_url}/chat-session/unsubscribe?{query}" if settings.public_api_url else None,
    )


def email_for(notification: dict[str, Any]) -> dict[str, Any]:
    """The digest as an email: subject, plain text and HTML (the messages' text, the agent's
    name, attached files by name only), a button that opens the chat, the way to stop such
    emails, and the List-Unsubscribe headers."""
    customer = notification.get("customer_name") or "a customer"
    to_customer = notification["recipient_type"] == "customer"
    subject = "You have a reply from support" if to_customer else f"New message from {customer}"
    lines, items = [], []
    for message in notification["messages"]:
        author = (message.get("sender_name") or "Support") if message["sender_type"] == "admin" else customer
        files = ", ".join(message.get("attachments") or [])
        text = message["content"] + (f" [files: {files}]" if files else "")
        lines.append(f"{author}: {text}")
        items.append(f"<p><strong>{html.escape(author)}</strong>: {html.escape(text)}</p>")
    url = chat_url(notification)
    if url:
        lines.append(f"\nOpen the chat: {url}")
        items.append(f'<p><a href="{html.escape(url)}">Open the chat</a></p>')
    elif to_customer:
        lines.append("\nTo answer, ask support for a new link to your chat.")
        items.append("<p>To answer, ask support for a new link to your chat.</p>")
    unsubscribe = unsubscribe_for(notification)
    stop = (
        "Stop emails about this chat" if to_customer else "Stop these emails (or choose which you get on the dashboard)"
    )
    lines.append(f"\n{stop}: {unsubscribe.page}")
    items.append(f'<p style="font-size:small"><a href="{html.escape(unsubscribe.page)}">{html.escape(stop)}</a></p>')
    return {
        "subject": subject,
        "text": "\n".join(lines),
        "html": "<!doctype html><html><body>" + "".join(items) + "</body></html>",
        "headers": unsubscribe.headers(),
    }


def ses_sender(settings: Settings, ses: Any = None) -> Send:
    """Each digest as one SES email (plain text and HTML), from NOTIFY_FROM, through `ses` (an
    SES v2 client; by default one for the function's region)."""
    import boto3
    from botocore.exceptions import ClientError

    if not settings.notify_from:
        raise RuntimeError("NOTIFY_FROM is not set: the notifier has no sender")
    ses = ses or boto3.client("sesv2")
    extra: dict[str, Any] = {}
    if settings.notify_reply_to:
        extra["ReplyToAddresses"] = [settings.notify_reply_to]
    if settings.ses_configuration_set:
        extra["ConfigurationSetName"] = settings.ses_configuration_set

    def send(notification: dict[str, Any]) -> None:
        email = email_for(notification)
        try:
            ses.send_email(
                FromEmailAddress=settings.notify_from,
                Destination={"ToAddresses": [notification["recipient"]["email"]]},
                Content={
                    "Simple": {
                        "Subject": {"Data": email["subject"]},
                        "Body": {"Text": {"Data": email["text"]}, "Html": {"Data": email["html"]}},
                        "Headers": [{"Name": name, "Value": value} for name, value in email["headers"].items()],
                    }
                },
                **extra,
            )
        except ClientError as exc:
            # SES v2 SendEmail: BadRequestException is this request refused for good (an address
            # that is not one); throttling, a paused account, an unverified sender (MessageRejected,
            # fixed by the operator the alarm wakes) may pass, so those are retried.
            if exc.response.get("Error", {}).get("Code") == "BadRequestException":
                raise PermanentFailure(str(exc)) from exc
            raise

    return send


def suppress_from_ses_events(records: list[dict[str, Any]]) -> int:
    """SES's bounce and complaint events, as its configuration set publishes them to SNS: a
    permanent bounce or a complaint means that address is never emailed again (transient
    bounces are SES's to retry). Returns how many addresses were suppressed."""
    suppressed = 0
    for record in records:
        event = json.loads(record["Sns"]["Message"])
        kind = event.get("eventType") or event.get("notificationType")  # event publishing, or notifications
        if kind == "Bounce" and event["bounce"].get("bounceType") == "Permanent":
            reason, recipients = "bounce", event["bounce"].get("bouncedRecipients", [])
        elif kind == "Complaint":
            reason, recipients = "complaint", event["complaint"].get("complainedRecipients", [])
        else:
            continue
        for recipient in recipients:
            detail = recipient.get("diagnosticCode") or event[kind.lower()].get("bounceSubType") or kind
            rpc.call(
                "chat_suppress_email",
                {"p_email": recipient["emailAddress"], "p_reason": reason, "p_detail": str(detail)[:500]},
                write=True,
            )
            suppressed += 1
    return suppressed
