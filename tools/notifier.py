"""One pass of the notifier from a shell (the deployed one is functions/notifier, every
minute): email every due notification through Amazon SES and record the outcome. Needs the
API's settings (SUPABASE_URL, the secret key) and NOTIFY_FROM, the SES sender identity.

    NOTIFY_FROM=support@example.com PYTHONPATH=lib python -m tools.notifier
"""

from __future__ import annotations

import socket
import uuid

from chat_core.config import get_settings
from chat_core.notifier import run_pass, ses_sender


def main() -> None:
    result = run_pass(f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}", ses_sender(get_settings()))
    print(f"claimed {result.claimed}, sent {result.sent}, failed {result.failed}")


if __name__ == "__main__":
    main()
