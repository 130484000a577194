"""The notifier: one pass claims the notifications that are due (chat_claim_notifications,
safe when two passes overlap), emails each recipient one digest of what is still unread in
that chat, and records the outcome (chat_record_notification: sent, or retried with backoff
and then given up). A pass that dies between sending and recording leaves its claims to time
out; the next pass sends those again: at least once, twice only after such a crash."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from chat_core import rpc
from chat_core.config import Settings, get_settings
from chat_core.observability import logger
from chat_core.sessions import customer_link

Send = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class PassResult:
    claimed: int
    sent: int
    failed: int


def run_pass(worker: str, send: Send, limit: int = 100) -> PassResult:
    claimed = rpc.call("chat_claim_notifications", {"p_worker": worker, "p_limit": limit}, write=True)["notifications"]
    sent = failed = 0
    for notification in claimed:
        error = None
        try:
            send(notification)
        except Exception as exc:  # any failure to hand the email over is retried later
            error = f"{type(exc).__name__}: {exc}"[:500]
            logger.warning("notification not sent", extra={"notification_id": notification["id"], "error": error})
        rpc.call(
            "chat_record_notification",
            {"p_id": notification["id"], "p_worker": worker, "p_sent": error is None, "p_error": error},
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


def email_for(notification: dict[str, Any]) -> dict[str, str]:
    """The digest as an email: subject, plain text and HTML (the messages' text, the agent's
    name, attached files by name only), and a button that opens the chat."""
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
    return {
        "subject": subject,
        "text": "\n".join(lines),
        "html": "<!doctype html><html><body>" + "".join(items) + "</body></html>",
    }


def ses_sender(settings: Settings) -> Send:
    """Each digest as one SES email (plain text and HTML), from NOTIFY_FROM."""
    import boto3

    if not settings.notify_from:
        raise RuntimeError("NOTIFY_FROM is not set: the notifier has no sender")
    ses = boto3.client("sesv2")
    extra: dict[str, Any] = {}
    if settings.notify_reply_to:
        extra["ReplyToAddresses"] = [settings.notify_reply_to]
    if settings.ses_configuration_set:
        extra["ConfigurationSetName"] = settings.ses_configuration_set

    def send(notification: dict[str, Any]) -> None:
        email = email_for(notification)
        ses.send_email(
            FromEmailAddress=settings.notify_from,
            Destination={"ToAddresses": [notification["recipient"]["email"]]},
            Content={
                "Simple": {
                    "Subject": {"Data": email["subject"]},
                    "Body": {"Text": {"Data": email["text"]}, "Html": {"Data": email["html"]}},
                }
            },
            **extra,
        )

    return send
