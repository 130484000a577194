"""A 10 MiB attachment, end to end on the local stack: the API's ticket, the browser's POST to
S3 (through the local front that checks the policy as S3 does), and the send that checks,
sniffs and copies it before storing the message. Baseline in the same run: the same POST
straight to moto's server, with no policy check. Median of 5 each.

    make bench   (or: PYTHONPATH=lib:. .venv/bin/python bench/upload_bench.py)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from bench.harness import record, running_stack  # noqa: E402
from local.admins import create_admin, password_grant  # noqa: E402

SIZE = 10 * 1024 * 1024
ROUNDS = 5


def main() -> None:
    data = b"%PDF-1.7\n" + os.urandom(SIZE - 9)
    with running_stack() as stack:
        create_admin(stack.database_url, "bench@example.com", "bench password", "Bench", role="owner")
        token = password_grant(stack.supabase_url, stack.keys.publishable, "bench@example.com", "bench password")[
            "access_token"
        ]
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        chat_id = api.post(f"{stack.api_url}/chat-session", json={"customer_name": "Bench"}, timeout=30).json()[
            "session"
        ]["id"]
        ticket_s, upload_s, direct_s, send_s = [], [], [], []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            ticket = api.post(
                f"{stack.api_url}/chat-message/uploads",
                json={"chat_id": chat_id, "file_name": "big.pdf", "content_type": "application/pdf", "size": SIZE},
                timeout=30,
            ).json()
            ticket_s.append(time.perf_counter() - started)

            started = time.perf_counter()
            stored = requests.post(ticket["url"], data=ticket["fields"], files={"file": ("big.pdf", data)}, timeout=60)
            upload_s.append(time.perf_counter() - started)
            assert stored.status_code in (201, 204), stored.text

            started = time.perf_counter()
            direct = requests.post(
                stack.s3.moto_url + "/chat-attachments",
                data={**ticket["fields"], "key": ticket["fields"]["key"] + "-direct"},
                files={"file": ("big.pdf", data)},
                timeout=60,
            )
            direct_s.append(time.perf_counter() - started)
            assert direct.status_code in (201, 204), direct.text

            started = time.perf_counter()
            sent = api.post(
                f"{stack.api_url}/chat-message",
                json={"chat_id": chat_id, "attachments": [ticket["upload_id"]]},
                timeout=60,
            )
            send_s.append(time.perf_counter() - started)
            assert sent.status_code == 201, sent.text

    upload_p50, direct_p50 = statistics.median(upload_s), statistics.median(direct_s)
    figures: dict[str, float | int | str] = {
        "file_bytes": SIZE,
        "ticket_ms_p50": round(statistics.median(ticket_s) * 1000, 1),
        "upload_ms_p50": round(upload_p50 * 1000, 1),
        "upload_mib_per_s": round(SIZE / 1024**2 / upload_p50, 1),
        "direct_to_moto_ms_p50": round(direct_p50 * 1000, 1),
        "upload_vs_direct": round(upload_p50 / direct_p50, 2),
        "send_with_attachment_ms_p50": round(statistics.median(send_s) * 1000, 1),
    }
    record("upload_bench", figures)
    for name, value in figures.items():
        print(f"{name:32} {value}")


if __name__ == "__main__":
    main()
