"""Transcripts at size: a 100,000-message chat exported in each format (the service the API's
handler calls, against the local stack, S3 included), timed, with the Python heap's peak
(tracemalloc) while it runs; baseline in the same run: the same for a 1,000-message chat. A
transcript streams through a temporary file, so the peak should not grow with the chat.

    make bench   (or: PYTHONPATH=lib:. .venv/bin/python bench/transcript_bench.py)
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from chat_core.models import TranscriptFormat  # noqa: E402

from bench.harness import record, running_stack  # noqa: E402
from local.admins import create_admin  # noqa: E402

LARGE, SMALL = 100_000, 1_000
FORMATS: tuple[TranscriptFormat, ...] = ("json", "csv", "txt", "html")


def _chat_of(db: psycopg.Connection[Any], messages: int) -> UUID:
    """A chat of `messages` messages, stored as a restore would (no triggers)."""
    db.execute("set session_replication_role = replica")
    chat_id = db.execute(
        "insert into public.chat_sessions (customer_name, customer_email) values (%s, 'b@example.com') returning id",
        (f"Bench {messages}",),
    ).fetchone()[0]
    db.execute(
        """
        insert into public.chat_messages (chat_id, sender_type, sender_id, sender_name, content, seq)
        select %s, case when n %% 2 = 0 then 'admin' else 'customer' end, 'bench', 'Bench',
               'Message ' || n || ': the parcel, "as agreed", arrives on Tuesday, ça va? 🎉', n
        from generate_series(1, %s) n
        """,
        (chat_id, messages),
    )
    db.execute("update public.chat_sessions set last_seq = %s where id = %s", (messages, chat_id))
    return UUID(str(chat_id))


def _export(caller: Any, chat_id: UUID, transcript_format: TranscriptFormat) -> tuple[float, float, int]:
    """(seconds, peak MiB of Python heap, bytes)."""
    from chat_core.transcripts import export

    tracemalloc.start()
    started = time.perf_counter()
    file = export(caller, chat_id, transcript_format)
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return took, peak, file.bytes


def main() -> None:
    from chat_core.auth import Caller

    with running_stack() as stack:
        admin = create_admin(stack.database_url, "bench@example.com", "bench password", "Bench", role="owner")
        with psycopg.connect(stack.database_url, autocommit=True) as db:
            db.execute("update chat_private.rate_limits set max_events = 1000000")
            small, large = _chat_of(db, SMALL), _chat_of(db, LARGE)
        caller = Caller(role="admin", subject=str(admin))
        figures: dict[str, float | int | str] = {}
        print(f"transcript of {LARGE:,} messages beside {SMALL:,}: seconds, Python heap peak")
        for transcript_format in FORMATS:
            small_s, small_peak, _ = _export(caller, small, transcript_format)
            large_s, large_peak, large_bytes = _export(caller, large, transcript_format)
            print(
                f"  {transcript_format:5} {SMALL:,}: {small_s:6.2f} s {small_peak:6.1f} MiB"
                f"   {LARGE:,}: {large_s:6.2f} s {large_peak:6.1f} MiB ({large_bytes / 2**20:.1f} MiB file)"
                f"   peak ratio {large_peak / small_peak:.2f}x"
            )
            figures |= {
                f"{transcript_format}_large_s": round(large_s, 2),
                f"{transcript_format}_large_peak_mib": round(large_peak, 1),
                f"{transcript_format}_large_file_mib": round(large_bytes / 2**20, 1),
                f"{transcript_format}_small_s": round(small_s, 3),
                f"{transcript_format}_small_peak_mib": round(small_peak, 1),
                f"{transcript_format}_peak_ratio": round(large_peak / small_peak, 2),
            }
    record("transcript_bench", figures)


if __name__ == "__main__":
    main()
