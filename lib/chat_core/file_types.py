"""What a file's first bytes say it is: the check that its declared type is true, an image's
size where the header gives it, and the name a file is kept under. Pure."""

from __future__ import annotations

import mimetypes
import struct
import unicodedata

ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip, or an empty one; office documents of today are zips
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # the office documents of before 2007
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "application/pdf": (b"%PDF-",),
    "application/zip": ZIP,
    "application/msword": OLE,
    "application/vnd.ms-excel": OLE,
    "application/vnd.ms-powerpoint": OLE,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ZIP,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ZIP,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ZIP,
    "application/vnd.oasis.opendocument.text": ZIP,
    "application/vnd.oasis.opendocument.spreadsheet": ZIP,
    "application/vnd.oasis.opendocument.presentation": ZIP,
}
TEXT_TYPES = {"text/plain", "text/csv"}
MAX_FILE_NAME_CHARS = 255
# The extensions a desktop or a browser opens each type by (the first is the one added).
_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    "text/plain": (".txt", ".text", ".log", ".md"),
    "text/csv": (".csv",),
    "application/zip": (".zip",),
    "application/msword": (".doc", ".dot"),
    "application/vnd.ms-excel": (".xls", ".xlt"),
    "application/vnd.ms-powerpoint": (".ppt", ".pps", ".pot"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
}
# What browsers sniff as markup (the WHATWG MIME Sniffing standard's HTML patterns, in part).
_MARKUP = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body", b"<head")


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # only a character cut at the end of the sample is forgiven
            return False
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return not start.startswith(_MARKUP)


def content_matches(content_type: str, head: bytes) -> bool:
    """Do the file's first bytes agree with its declared type? Unknown types never do."""
    if content_type in TEXT_TYPES:
        return _is_text(head)
    if content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return head.startswith(_MAGIC.get(content_type, ()))


def image_size(content_type: str, head: bytes) -> tuple[int, int] | None:
    """(width, height) from an image's header, or None where it is not in the first bytes."""
    try:
        if content_type == "image/png" and head[12:16] == b"IHDR":
            return struct.unpack(">II", head[16:24])
        if content_type == "image/gif":
            return struct.unpack("<HH", head[6:10])
        if content_type == "image/webp" and head[12:16] == b"VP8X":
            return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
        if content_type == "image/jpeg":
            return _jpeg_size(head)
    except struct.error:
        return None
    return None


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    """Walk the JPEG segments to the frame header (SOF0-15 but DHT, JPG, DAC)."""
    at = 2
    while at + 9 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        at += 2 + struct.unpack(">H", head[at + 2 : at + 4])[0]
    return None


def safe_file_name(name: str, content_type: str) -> str:
    """The name a file is kept and downloaded under: no control character or path separator,
    and an extension its type is known by, added when the name has another (`page.html` sent
    as text/plain is kept as `page.html.txt`), so nothing opens it as what it is not."""
    cleaned = (
        "".join("_" if unicodedata.category(c).startswith("C") or c in "/\\" else c for c in name).strip(" .") or "file"
    )
    known = _EXTENSIONS.get(content_type) or tuple(mimetypes.guess_all_extensions(content_type)) or (".bin",)
    suffix = cleaned[cleaned.rfind(".") :].lower() if "." in cleaned else ""
    return cleaned if suffix in known else cleaned[: MAX_FILE_NAME_CHARS - len(known[0])] + known[0]
