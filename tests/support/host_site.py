"""A business's own website, on another origin than our pages (127.0.0.1 rather than
localhost, its own port), that embeds the widget with the one script tag, under a strict CSP
that names our pages' origin and nothing else of ours."""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse


class HostSite:
    """Serves `/shop?site=<key>[&identity=<jwt>][&scheme=dark][&dir=rtl][&connect=<origin>]`."""

    def __init__(self, pages_origin: str) -> None:
        self.pages_origin = pages_origin
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, site_key: str, **options: str) -> str:
        return f"{self.origin}/shop?{urlencode({'site': site_key, **options})}"

    def start(self) -> HostSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def page(self, query: dict[str, str]) -> tuple[str, str]:
        """(HTML, its CSP): the loader's tag, with the signed-in user's identity token if any."""
        identity = f' data-identity="{html.escape(query["identity"])}"' if query.get("identity") else ""
        site_key = html.escape(query.get("site", ""))
        # No site: the same page without the tag (a benchmark's baseline).
        tag = f'<script src="{self.pages_origin}/widget.js" data-site="{site_key}"{identity} async></script>\n'
        tag = tag if site_key else ""
        scheme = f'<meta name="color-scheme" content="{html.escape(query["scheme"])}">' if query.get("scheme") else ""
        direction = ' dir="rtl"' if query.get("dir") == "rtl" else ""
        document = f"""<!doctype html>
<html lang="en"{direction}><head><meta charset="utf-8"><title>The Shop</title>{scheme}
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>The Shop</h1><p>Boots, in every size.</p><button id="buy" type="button">Buy boots</button></main>
{tag}</body></html>"""
        policy = (
            f"default-src 'none'; script-src {self.pages_origin}; "
            f"frame-src {self.pages_origin}; style-src 'none'; img-src 'none'; "
            # a website trying our API itself lets its scripts reach it (?connect=<api>)
            f"connect-src {query.get('connect') or chr(39) + 'none' + chr(39)}"
        )
        return document, policy

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 -- http.server's name
                parsed = urlparse(self.path)
                if parsed.path != "/shop":
                    self.send_error(404)
                    return
                query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
                document, policy = site.page(query)
                body = document.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Security-Policy", policy)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
