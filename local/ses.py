"""Amazon SES (API v2) SendEmail for the local stack: what the notifier sends arrives in the
mail catcher, and SES's quotas and sandbox refuse as SES does (the SES developer guide,
"Sending quotas" and "Moving out of the SES sandbox"; the SES v2 API reference, SendEmail
errors). A new account is in the sandbox: 1 email a second, 200 in 24 hours, to verified
addresses only. Out of it (production access) a new account starts at 14 a second and 50,000
a day. Over the rate: 429 TooManyRequestsException "Maximum sending rate exceeded."; over
the day's quota: LimitExceededException "Daily message quota exceeded."; an unverified
recipient in the sandbox: MessageRejected "Email address is not verified. …".

boto3 reaches it through AWS_ENDPOINT_URL_SESV2 (`<gateway>/local/ses`)."""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from local.mailbox import Mailbox

PREFIX = "/local/ses"
DAY_SECONDS = 86_400


@dataclass
class SesAccount:
    sandbox: bool = False
    max_send_rate: float = 14.0  # emails a second (production access's starting quota)
    max_24_hour_send: int = 50_000
    verified: set[str] = field(default_factory=set)  # addresses (or domains) verified here
    sent: deque[float] = field(default_factory=deque)  # when each email of the last 24 hours went

    @classmethod
    def in_sandbox(cls, verified: set[str]) -> SesAccount:
        return cls(sandbox=True, max_send_rate=1.0, max_24_hour_send=200, verified=verified)

    def is_verified(self, address: str) -> bool:
        address = address.strip().lower()
        return address in self.verified or address.rpartition("@")[2] in self.verified


def _error(status: int, code: str, message: str) -> web.Response:
    # The REST-JSON protocol: botocore reads the code from x-amzn-ErrorType.
    return web.json_response({"message": message}, status=status, headers={"x-amzn-ErrorType": code})


class LocalSes:
    def __init__(self, mailbox: Mailbox, account: SesAccount | None = None) -> None:
        self.mailbox, self.account = mailbox, account or SesAccount()
        self._lock = threading.Lock()

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post(f"{PREFIX}/v2/email/outbound-emails", self.send_email)

    def _over_quota(self, now: float) -> web.Response | None:
        sent = self.account.sent
        while sent and sent[0] <= now - DAY_SECONDS:
            sent.popleft()
        if len(sent) >= self.account.max_24_hour_send:
            return _error(400, "LimitExceededException", "Daily message quota exceeded.")
        in_last_second = sum(1 for at in sent if at > now - 1.0)
        if in_last_second >= self.account.max_send_rate:
            return _error(429, "TooManyRequestsException", "Maximum sending rate exceeded.")
        return None

    async def send_email(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = await request.json()
        sender = str(body.get("FromEmailAddress") or "")
        recipients = [str(a) for a in (body.get("Destination") or {}).get("ToAddresses") or []]
        simple = (body.get("Content") or {}).get("Simple")
        if not sender or not recipients or not simple:
            return _error(400, "BadRequestException", "Missing required parameter")
        unverified = [a for a in [sender, *recipients] if self.account.sandbox and not self.account.is_verified(a)]
        if self.account.sandbox and unverified:
            return _error(
                400,
                "MessageRejected",
                "Email address is not verified. The following identities failed the check in region"
                f" US-EAST-1: {', '.join(unverified)}",
            )
        with self._lock:
            now = time.monotonic()
            refused = self._over_quota(now)
            if refused:
                return refused
            self.account.sent.append(now)
        mail_body = simple.get("Body") or {}
        headers = {h["Name"]: h["Value"] for h in simple.get("Headers") or []}
        for recipient in recipients:
            self.mailbox.deliver(
                recipient,
                (simple.get("Subject") or {}).get("Data", ""),
                (mail_body.get("Text") or {}).get("Data", ""),
                (mail_body.get("Html") or {}).get("Data", ""),
                headers=headers,
            )
        return web.json_response({"MessageId": uuid.uuid4().hex})
