"""What tests send and read: files, and the local mailbox's invitations."""

from __future__ import annotations

import requests

from local.stack import LocalStack


def png_image(width: int, height: int) -> bytes:
    """A real PNG of width × height, orange and teal stripes (a screenshot, to tell apart in one)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    stripe = [b"\xf2\x8c\x28", b"\x1f\x9e\x89"]
    rows = b"".join(b"\x00" + b"".join(stripe[(x // 20) % 2] for x in range(width)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def invitation_link(local_stack: LocalStack, email: str) -> str:
    """The link in the newest invitation the local Supabase Auth "emailed" to `email`."""
    mailbox = requests.get(f"{local_stack.supabase_url}/local/mailbox", timeout=10).json()["messages"]
    links = [message["link"] for message in mailbox if message["to"] == email]
    assert links, f"no invitation was sent to {email}"
    return str(links[-1])
