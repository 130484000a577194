"""The local mail catcher, as the Supabase CLI's local stack has one: every email the stack
would send (Auth's invitations, the notifier's digests) is kept here instead, for the developer
to read at /local/mail (each with its HTML rendered, sandboxed) or as JSON at /local/mailbox.
Under `make dev` they are kept in .local/mail.json across restarts."""

from __future__ import annotations

import html
import logging
import threading
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from local.kept import KeptJson

log = logging.getLogger("local.mailbox")


class Mailbox:
    def __init__(self, kept: KeptJson | None = None) -> None:
        self._kept = kept or KeptJson(None)
        self.messages: list[dict[str, Any]] = self._kept.load([])  # oldest first
        self._lock = threading.Lock()  # the notifier delivers from its own thread

    def deliver(
        self,
        to: str,
        subject: str,
        text: str,
        html_body: str = "",
        link: str = "",
        headers: dict[str, str] | None = None,
    ) -> None:
        message: dict[str, Any] = {
            "to": to,
            "subject": subject,
            "text": text,
            "html": html_body,
            "link": link,
            "headers": headers or {},
            "at": datetime.now(UTC).isoformat(),
        }
        with self._lock:
            self.messages.append(message)
            self._kept.save(self.messages)
        log.info("email to %s: %s", to, subject)

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/local/mailbox", self.as_json)
        app.router.add_get("/local/mail", self.as_page)

    async def as_json(self, _: web.Request) -> web.Response:
        with self._lock:
            return web.json_response({"messages": list(self.messages)})

    async def as_page(self, _: web.Request) -> web.Response:
        with self._lock:
            newest_first = list(reversed(self.messages))
        items = "".join(
            f"<article><h2>{html.escape(m['subject'])}</h2><p>To {html.escape(m['to'])} · {html.escape(m['at'])}</p>"
            + (
                f'<iframe sandbox title="{html.escape(m["subject"])}" srcdoc="{html.escape(m["html"])}"></iframe>'
                if m["html"]
                else f"<pre>{html.escape(m['text'])}</pre>"
            )
            + (f'<p><a href="{html.escape(m["link"])}">{html.escape(m["link"])}</a></p>' if m["link"] else "")
            + "".join(
                f"<p><small>{html.escape(name)}: {html.escape(value)}</small></p>"
                for name, value in m["headers"].items()
            )
            + "</article>"
            for m in newest_first
        )
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local mail</title>'
            '<link rel="icon" href="data:,">'
            "<style>body{font:15px system-ui,sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem}"
            "article{border:1px solid #ccd;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}"
            "iframe{width:100%;height:14rem;border:1px solid #eee}</style></head><body>"
            f"<h1>Local mail ({len(newest_first)})</h1>{items or '<p>No email yet.</p>'}</body></html>"
        )
        return web.Response(text=page, content_type="text/html")


def mailbox_sender(mailbox: Mailbox, email_for: Any) -> Any:
    """The notifier's sender for the local stack: the digest into the mail catcher, not SES."""

    def send(notification: dict[str, Any]) -> None:
        email = email_for(notification)
        mailbox.deliver(
            notification["recipient"]["email"], email["subject"], email["text"], email["html"], headers=email["headers"]
        )

    return send
