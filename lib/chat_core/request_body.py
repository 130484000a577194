"""What a request body must be before any route sees it: JSON by its Content-Type (matched as
HTTP says: case-insensitive, parameters allowed), UTF-8, strict JSON (no NaN or Infinity, no
number too long to parse), no text Postgres cannot store (lone surrogates, NUL) and no nesting
deeper than MAX_DEPTH. Each failure is the client's, with its own status and code."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from chat_core.errors import ChatError, MalformedJson, UnsupportedMediaType, ValidationFailed

JSON_MEDIA_TYPE = "application/json"
MAX_DEPTH = 32
# RFC 8058 section 3.1: a mail client's one-click unsubscribe POSTs this form to the URI in the
# email's List-Unsubscribe header; it is read as the JSON body that route documents.
ONE_CLICK_ROUTE = "/chat-session/unsubscribe"
ONE_CLICK_FORM = "List-Unsubscribe=One-Click"
ONE_CLICK_BODY = '{"subscribed": false}'


def _content_type(headers: dict[str, str]) -> tuple[str | None, str]:
    """(the header's own name, its media type in lower case) — names are case-insensitive."""
    for name, value in headers.items():
        if name.lower() == "content-type":
            return name, (value or "").split(";", 1)[0].strip().lower()
    return None, ""


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError("a number too large")
    return number


def _check_values(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ValidationFailed(f"the body is nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        if "\x00" in value:
            raise ValidationFailed("text must not contain NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValidationFailed("text must be valid Unicode (a lone surrogate is not)") from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_values(key, depth + 1)
            _check_values(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_values(item, depth + 1)


def _one_click_unsubscribe(event: dict[str, Any], media_type: str) -> bool:
    if event.get("resource") != ONE_CLICK_ROUTE or media_type != "application/x-www-form-urlencoded":
        return False
    body = event.get("body") or ""
    try:
        text = base64.b64decode(body, validate=True).decode() if event.get("isBase64Encoded") else body
    except (binascii.Error, UnicodeError):
        return False
    return text.strip() == ONE_CLICK_FORM


def refuse_unreadable_body(event: dict[str, Any]) -> ChatError | None:
    """The error for a body no route could use, or None; a usable body's Content-Type is
    normalized so the resolver reads it as JSON."""
    body = event.get("body")
    if body in (None, ""):
        return None
    headers = event.get("headers") or {}
    name, media_type = _content_type(headers)
    if _one_click_unsubscribe(event, media_type):
        body, media_type = ONE_CLICK_BODY, JSON_MEDIA_TYPE
        event["isBase64Encoded"] = False
    if media_type != JSON_MEDIA_TYPE:
        return UnsupportedMediaType(f"send the body as {JSON_MEDIA_TYPE}")
    try:
        raw = base64.b64decode(body, validate=True) if event.get("isBase64Encoded") else body.encode("utf-8")
        text = raw.decode("utf-8")
    except (binascii.Error, UnicodeError):
        return MalformedJson("the request body is not UTF-8 text")
    try:
        parsed = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except (ValueError, RecursionError):
        return MalformedJson("the request body is not valid JSON")
    try:
        _check_values(parsed)
    except ChatError as error:
        return error
    headers[name] = JSON_MEDIA_TYPE
    event["body"], event["isBase64Encoded"] = text, False
    for multi_name in event.get("multiValueHeaders") or {}:
        if multi_name.lower() == "content-type":
            event["multiValueHeaders"][multi_name] = [JSON_MEDIA_TYPE]
    return None
