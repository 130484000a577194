"""The widget's frame: the one page the API serves.

A site's widget is our customer page in an iframe on the site. Browsers let a page be framed
only where its Content-Security-Policy's frame-ancestors allows, and that must name each site's
own origins, so this document cannot be a static file with one policy for all: CloudFront
routes the pages' `/widget` here (template.yaml's widget behaviour; locally, local.web_server),
and the answer carries the pages' policy (the SSM parameter PAGES_POLICY_PARAMETER names, the
same CloudFront sends with every page) with frame-ancestors set to the site's origins. Its
scripts and styles are the pages' own files; the import map is its one inline script, allowed
by its hash, as on every page (tools.pages).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from functools import lru_cache

from chat_core import rpc
from chat_core.errors import UpstreamUnavailable
from chat_core.observability import logger

# Import name -> file under the pages' /vendor/ (tools.pages copies them from node_modules).
VENDOR_MODULES = {
    "preact": "preact.mjs",
    "preact/hooks": "preact-hooks.mjs",
    "htm": "htm.mjs",
    "@preact/signals-core": "signals-core.mjs",
    "@preact/signals": "signals.mjs",
    # ICU MessageFormat for the catalogs (web/shared/i18n.js), and what it imports by name
    "intl-messageformat": "intl-messageformat.mjs",
    "@formatjs/fast-memoize": "formatjs-fast-memoize.mjs",
    "@formatjs/icu-messageformat-parser": "formatjs-icu-messageformat-parser.mjs",
    "@formatjs/icu-skeleton-parser": "formatjs-icu-skeleton-parser.mjs",
}
IMPORT_MAP = json.dumps({"imports": {name: f"/vendor/{file}" for name, file in VENDOR_MODULES.items()}})
NOT_FRAMED = "frame-ancestors 'none'"

DOCUMENT = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Chat with support</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/shared/styles.css">
  <link rel="stylesheet" href="/widget/frame.css">
  <script src="/config.js"></script>
  <script src="/vendor/supabase.js"></script>
  <script type="importmap">{IMPORT_MAP}</script>
  <script type="module" src="/widget/frame.js"></script>
</head>
<body>
  <main id="app" class="customer widget">
    <p class="placeholder" role="status">Opening the chat…</p>
  </main>
</body>
</html>
"""
SWITCHED_OFF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chat unavailable</title></head>
<body><p>This chat is not available on this website.</p></body></html>
"""


def import_map_hash() -> str:
    """The import map's CSP source (script-src), on every page and on this one."""
    return "sha256-" + base64.b64encode(hashlib.sha256(IMPORT_MAP.encode()).digest()).decode()


@lru_cache(maxsize=1)
def pages_policy() -> str:
    """The pages' Content-Security-Policy, read once per container from the SSM parameter
    (UpstreamUnavailable while it cannot be read: no frame without its policy)."""
    from aws_lambda_powertools.utilities import parameters

    name = os.environ.get("PAGES_POLICY_PARAMETER")
    if not name:
        raise UpstreamUnavailable("the widget is not configured here (PAGES_POLICY_PARAMETER)")
    try:
        return str(parameters.get_parameter(name))
    except parameters.exceptions.GetParameterError as exc:
        logger.warning("pages policy unreadable", extra={"error_type": type(exc).__name__})
        raise UpstreamUnavailable("the widget's settings cannot be read right now") from exc


def framed_by(policy: str, origins: list[str]) -> str:
    """`policy` with frame-ancestors naming exactly `origins` ('none' when there are none)."""
    ancestors = f"frame-ancestors {' '.join(origins)}" if origins else NOT_FRAMED
    if NOT_FRAMED not in policy:
        raise ValueError("the pages' policy must end framing with frame-ancestors 'none'")
    return policy.replace(NOT_FRAMED, ancestors)


def frame(site_key: str) -> tuple[int, str, dict[str, str]]:
    """(status, HTML, headers) of the frame for this site: framable by its origins only; a
    site unknown or switched off gets a short page no one may frame."""
    origins: list[str] | None = rpc.call("chat_site_origins", {"p_site_key": site_key})
    headers = {
        "Content-Security-Policy": framed_by(pages_policy(), origins or []),
        # The origins may change at any moment: never kept by a cache.
        "Cache-Control": "no-store",
    }
    return (200, DOCUMENT, headers) if origins else (404, SWITCHED_OFF, headers)
