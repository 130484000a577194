"""The notifier: one pass claims the notifications that are due (chat_claim_notifications,
safe when two passes overlap), pushes to each recipient's browsers and/or emails it one digest
of what is still unread in that chat (or, for a closed chat, its transcript), and records the
outcome (chat_record_notification: sent, or retried with backoff and then given up). A pass
that dies between sending and recording leaves its claims to time out; the next pass sends
those again: at least once, twice only after such a crash."""

from __future__ import annotations

import html
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from chat_core import rpc
from chat_core.auth import Caller, unsubscribe_token
from chat_core.config import Settings, get_settings
from chat_core.observability import logger
from chat_core.push_endpoints import RefusedEndpoint, check_addresses, check_endpoint, no_redirect_session
from chat_core.sessions import chat_page_url, customer_link, get_session
from chat_core.transcripts import WRITERS as TRANSCRIPT_WRITERS
from chat_core.transcripts import chat_entries, write_chat

Send = Callable[[dict[str, Any]], None]
# (a subscription as claimed: id, endpoint, keys; the payload) -> None; PushGone when its push
# service says it is gone.
Push = Callable[[dict[str, Any], dict[str, Any]], None]
PUSH_TTL_SECONDS = 24 * 60 * 60  # a push not delivered in a day is stale: the email has gone by then
PUSH_BODY_CHARS = 200
TRANSCRIPT_EMAIL_CHARS = 200_000  # a longer transcript is cut: the chat's page downloads it whole
SES_THROTTLED = {"TooManyRequestsException", "LimitExceededException", "Throttling", "ThrottlingException"}
SES_REFUSED = {"BadRequestException", "MessageRejected"}


class PermanentFailure(Exception):
    """The email was refused for good (SES rejected the address): retrying cannot help."""


class PushGone(Exception):
    """The push service no longer knows the subscription (404 or 410): remove it."""


class Throttled(Exception):
    """SES's sending rate or daily quota is spent (a sandbox account: 1 a second, 200 a day).
    The pass stops sending: what it claimed and did not send stays claimed, with no failure
    recorded, and a pass after the claim times out (claim_timeout_seconds) sends it: the
    back-off SES asks for, as after a pass that died."""


@dataclass(frozen=True)
class PassResult:
    claimed: int
    sent: int
    failed: int
    pushed: int = 0
    throttled: int = 0  # claimed, then left for a later pass: SES said to slow down


@dataclass(frozen=True)
class _Outcome:
    error: str | None = None
    permanent: bool = False
    pushed: bool = False


def run_pass(worker: str, send: Send, limit: int = 100, push: Push | None = None) -> PassResult:
    """One pass: claim what is due; push it to the recipient's devices (with `push`), and email
    it (with `send`) when no push got through, or later as well (PUSH_MODE=before); record it."""
    settings = get_settings()
    claimed = rpc.call(
        "chat_claim_notifications",
        {"p_worker": worker, "p_limit": limit, "p_transcripts": settings.email_transcript_on_close},
        write=True,
    )["notifications"]
    email_after_push = settings.push_mode == "before"
    sent = failed = pushed = 0
    for done, notification in enumerate(claimed):
        try:
            outcome = _deliver(notification, send, push)
        except Throttled as exc:
            logger.warning(
                "ses throttled: the rest waits for its claim to time out",
                extra={"left": len(claimed) - done, "error": str(exc)[:300]},
            )
            return PassResult(len(claimed), sent, failed, pushed, throttled=len(claimed) - done)
        rpc.call(
            "chat_record_notification",
            {
                "p_id": notification["id"],
                "p_worker": worker,
                "p_sent": outcome.error is None,
                "p_error": outcome.error,
                "p_permanent": outcome.permanent,
                "p_email_later": outcome.pushed and email_after_push and bool(notification["recipient"]["email"]),
            },
            write=True,
        )
        sent, failed = (sent + 1, failed) if outcome.error is None else (sent, failed + 1)
        pushed += outcome.pushed
    return PassResult(claimed=len(claimed), sent=sent, failed=failed, pushed=pushed)


def _deliver(notification: dict[str, Any], send: Send, push: Push | None) -> _Outcome:
    recipient = notification["recipient"]  # a transcript's has no "push": it is emailed
    if push and recipient.get("push") and _push_to_devices(notification, push):
        return _Outcome(pushed=True)
    if not recipient["email"]:
        return _Outcome(error="no push got through, and there is no email to send instead")
    try:
        send(notification)
    except Throttled:
        raise
    except Exception as exc:  # any failure to hand the email over is retried later, unless permanent
        error = f"{type(exc).__name__}: {exc}"[:500]
        logger.warning("notification not sent", extra={"notification_id": notification["id"], "error": error})
        return _Outcome(error=error, permanent=isinstance(exc, PermanentFailure))
    return _Outcome()


def _push_to_devices(notification: dict[str, Any], push: Push) -> bool:
    """Push to each of the recipient's devices; forget those gone. Whether any took it."""
    payload = push_payload(notification)
    delivered, gone = [], []
    for subscription in notification["recipient"]["push"]:
        try:
            push(subscription, payload)
            delivered.append(subscription["id"])
        except PushGone:
            gone.append(subscription["id"])
        except Exception as exc:  # this device is unreachable now; the email covers for it
            logger.warning(
                "push not sent",
                extra={
                    "notification_id": notification["id"],
                    "subscription_id": subscription["id"],
                    "error": repr(exc),
                },
            )
    if delivered or gone:
        rpc.call("chat_push_outcome", {"p_delivered": delivered, "p_gone": gone}, write=True)
    return bool(delivered)


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


def _subject(notification: dict[str, Any]) -> str:
    if notification["recipient_type"] == "customer":
        return "You have a reply from support"
    return f"New message from {notification.get('customer_name') or 'a customer'}"


def _digest(notification: dict[str, Any]) -> list[tuple[str, str]]:
    """(author, text) of each unread message, oldest first: the agent's name, files by name only."""
    customer = notification.get("customer_name") or "a customer"
    digest = []
    for message in notification["messages"]:
        author = (message.get("sender_name") or "Support") if message["sender_type"] == "admin" else customer
        files = ", ".join(message.get("attachments") or [])
        digest.append((author, message["content"] + (f" [files: {files}]" if files else "")))
    return digest


def _transcript_lines(notification: dict[str, Any]) -> tuple[list[str], list[str], str]:
    """A closed chat's transcript as the email's text lines and HTML, up to
    TRANSCRIPT_EMAIL_CHARS (a longer one says where the whole file is), and the subject."""
    chat_id = UUID(notification["chat_id"])
    customer = Caller(role="customer", subject=notification["recipient_id"], chat_id=chat_id)
    session = get_session(customer, chat_id)
    text = io.StringIO()
    write_chat(TRANSCRIPT_WRITERS["txt"](text, session, None), chat_entries(customer, session))
    transcript = text.getvalue()
    if len(transcript) > TRANSCRIPT_EMAIL_CHARS:
        transcript = transcript[:TRANSCRIPT_EMAIL_CHARS] + (
            "\n… The chat is longer than an email holds: open it to download the whole transcript."
        )
    return [transcript], [f'<pre style="white-space:pre-wrap">{html.escape(transcript)}</pre>'], "Your chat transcript"


def email_for(notification: dict[str, Any]) -> dict[str, Any]:
    """The digest as an email: subject, plain text and HTML (the messages' text, the agent's
    name, attached files by name only), a button that opens the chat, the way to stop such
    emails, and the List-Unsubscribe headers. A closed chat's transcript, likewise."""
    to_customer = notification["recipient_type"] == "customer"
    if notification.get("kind") == "transcript":
        lines, items, subject = _transcript_lines(notification)
    else:
        lines, items, subject = [], [], _subject(notification)
        for author, text in _digest(notification):
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


def push_payload(notification: dict[str, Any]) -> dict[str, str]:
    """What the service worker shows (web/shared/push-worker.js): the email's subject as the
    title, the newest unread message, and where a click goes. No link's capability: a customer's
    push goes to the browser that already keeps it, so the chat's plain address opens the chat."""
    digest = _digest(notification)
    author, text = digest[-1]
    newest = f"{author}: {text}"
    more = len(digest) - 1
    body = newest[:PUSH_BODY_CHARS] + (f" (+{more} more)" if more else "")
    chat_id = UUID(notification["chat_id"])
    url = chat_page_url(chat_id) if notification["recipient_type"] == "customer" else chat_url(notification) or ""
    return {"title": _subject(notification), "body": body, "url": url, "tag": f"chat-{chat_id}"}


def push_sender(settings: Settings) -> Push | None:
    """Each push as one Web Push message (RFC 8030) encrypted to the subscription's keys
    (RFC 8291, aes128gcm) and signed with the VAPID key (RFC 8292), by pywebpush; None without
    a VAPID key. An endpoint outside PUSH_SERVICES is never called (the API refused it, and the
    list may have changed since), nor one whose host resolves to an address that is not public;
    a redirect is never followed (chat_core.push_endpoints)."""
    if settings.vapid_private_key is None:
        return None
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush

    if not settings.vapid_subject:
        raise RuntimeError("VAPID_SUBJECT (or NOTIFY_FROM) is not set: push services need a contact")
    vapid = Vapid.from_raw(settings.vapid_private_key.get_secret_value().encode())
    subject = settings.vapid_subject
    session = no_redirect_session()

    def push(subscription: dict[str, Any], payload: dict[str, Any]) -> None:
        try:
            target = check_endpoint(subscription["endpoint"], settings.push_services)
        except RefusedEndpoint as refused:
            raise PushGone(f"not a push service this stack allows: {refused}") from refused
        check_addresses(target, settings.push_private_addresses)  # now, as DNS answers now
        try:
            webpush(
                requests_session=session,
                subscription_info={"endpoint": subscription["endpoint"], "keys": subscription["keys"]},
                data=json.dumps(payload),
                vapid_private_key=vapid,
                vapid_claims={"sub": subject},  # pywebpush adds aud (the endpoint's origin) and exp
                ttl=PUSH_TTL_SECONDS,
                timeout=5,
                headers={"Urgency": "high", "Topic": payload["tag"].replace("-", "")[:32]},
            )
        except WebPushException as exc:
            if exc.response is not None and exc.response.status_code in (404, 410):
                raise PushGone(str(exc)) from exc
            raise

    return push


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
            # SES v2 SendEmail's errors: the rate or the daily quota spent (TooManyRequests,
            # LimitExceeded; SES v1 says Throttling) stop the pass and keep the claims; this one
            # email refused (BadRequest: no address; MessageRejected: in the sandbox, a recipient
            # not verified, or content SES will not send) is marked failed and the pass goes on;
            # anything else (a paused account, a sender not verified) is retried with back-off.
            code = exc.response.get("Error", {}).get("Code")
            if code in SES_THROTTLED:
                raise Throttled(str(exc)) from exc
            if code in SES_REFUSED:
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
