"""One pass of the notifier (issue 15, in progress): email every due notification through
Amazon SES and record the outcome. Needs the API's settings (SUPABASE_URL, the secret key) and
NOTIFY_FROM, the SES sender identity.

    NOTIFY_FROM=support@example.com PYTHONPATH=lib python -m tools.notifier
"""

from __future__ import annotations

import os
import socket
import sys
import uuid
from typing import Any

from chat_core.notifier import Send, email_for, run_pass


def ses_sender(sender: str) -> Send:
    import boto3

    ses = boto3.client("sesv2")

    def send(notification: dict[str, Any]) -> None:
        email = email_for(notification)
        ses.send_email(
            FromEmailAddress=sender,
            Destination={"ToAddresses": [notification["recipient"]["email"]]},
            Content={
                "Simple": {
                    "Subject": {"Data": email["subject"]},
                    "Body": {"Text": {"Data": email["text"]}, "Html": {"Data": email["html"]}},
                }
            },
        )

    return send


def main() -> None:
    sender = os.environ.get("NOTIFY_FROM")
    if not sender:
        sys.exit("set NOTIFY_FROM, the SES identity emails are sent from")
    result = run_pass(f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}", ses_sender(sender))
    print(f"claimed {result.claimed}, sent {result.sent}, failed {result.failed}")


if __name__ == "__main__":
    main()
