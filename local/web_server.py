"""The static pages as a deployment serves them, from web/: /admin/, /chat, /shared/…, plus
/config.js written for this stack and /vendor/… from web/node_modules (the versions
package-lock.json pins): supabase-js, and Preact, htm and @preact/signals as ES modules that
the pages import by name through an import map. Each page is sent with a strict
Content-Security-Policy: scripts only from this origin (the import map by its hash), no eval,
no inline script or style attribute."""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
from pathlib import Path
from urllib.parse import urlparse

from aiohttp import web

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
NODE_MODULES = WEB_DIR / "node_modules"
SUPABASE_JS = NODE_MODULES / "@supabase" / "supabase-js" / "dist" / "umd" / "supabase.js"
# Import name -> (file under /vendor/, its source in node_modules).
MODULES = {
    "preact": ("preact.mjs", NODE_MODULES / "preact" / "dist" / "preact.mjs"),
    "preact/hooks": ("preact-hooks.mjs", NODE_MODULES / "preact" / "hooks" / "dist" / "hooks.mjs"),
    "htm": ("htm.mjs", NODE_MODULES / "htm" / "dist" / "htm.mjs"),
    "@preact/signals-core": (
        "signals-core.mjs",
        NODE_MODULES / "@preact" / "signals-core" / "dist" / "signals-core.mjs",
    ),
    "@preact/signals": ("signals.mjs", NODE_MODULES / "@preact" / "signals" / "dist" / "signals.mjs"),
}
VENDOR = {"supabase.js": SUPABASE_JS, **{file: source for file, source in MODULES.values()}}
PAGES = ("admin", "chat")
IMPORT_MAP_MARK = "<!-- import map -->"
IMPORT_MAP = json.dumps({"imports": {name: f"/vendor/{file}" for name, (file, _) in MODULES.items()}})


def config_js(api_base_url: str, supabase_url: str, publishable_key: str) -> str:
    """The one per-deployment file the pages read. Only public values: no secret in web/."""
    config = {"apiBaseUrl": api_base_url, "supabaseUrl": supabase_url, "supabasePublishableKey": publishable_key}
    return f"window.CHAT_CONFIG = {json.dumps(config, indent=2)};\n"


def page_html(page: str) -> str:
    """A page with the import map in place (the one inline script, allowed by its hash)."""
    return (
        (WEB_DIR / page / "index.html")
        .read_text()
        .replace(IMPORT_MAP_MARK, f'<script type="importmap">{IMPORT_MAP}</script>')
    )


def content_security_policy(api_base_url: str, supabase_url: str) -> str:
    """What the pages may load and talk to: this origin's files, the API and Supabase (HTTPS
    and its Realtime WebSocket), nothing else."""
    digest = base64.b64encode(hashlib.sha256(IMPORT_MAP.encode()).digest()).decode()
    supabase = urlparse(supabase_url)
    realtime = f"{'wss' if supabase.scheme == 'https' else 'ws'}://{supabase.netloc}"
    api = urlparse(api_base_url)
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' 'sha256-{digest}'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' {api.scheme}://{api.netloc} {supabase.scheme}://{supabase.netloc} {realtime}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def web_app(config: str, csp: str) -> web.Application:
    async def config_file(_: web.Request) -> web.Response:
        return web.Response(text=config, content_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def page(request: web.Request) -> web.Response:
        return web.Response(
            text=page_html(request.match_info["page"]),
            content_type="text/html",
            headers={"Content-Security-Policy": csp},
        )

    async def asset(request: web.Request) -> web.FileResponse:
        # The name pattern admits no '/' and no '..': nothing outside these folders.
        return web.FileResponse(WEB_DIR / request.match_info["folder"] / request.match_info["name"])

    async def vendor(request: web.Request) -> web.FileResponse:
        source = VENDOR.get(request.match_info["name"])
        if source is None:
            raise web.HTTPNotFound()
        return web.FileResponse(source, headers={"Content-Type": "text/javascript"})

    async def home(_: web.Request) -> web.Response:
        raise web.HTTPFound("/admin/")

    app = web.Application()
    app.router.add_get("/", home)
    app.router.add_get("/config.js", config_file)
    app.router.add_get("/vendor/{name}", vendor)
    app.router.add_get("/{page:admin|chat}", page)
    app.router.add_get("/{page:admin|chat}/", page)
    app.router.add_get(r"/{folder:admin|chat|shared}/{name:[A-Za-z0-9_-]+\.(?:js|css)}", asset)
    return app


def write_dist(target: Path, config: str) -> None:
    """The pages as a static host serves them: the same paths as locally, each page with its
    import map, config.js for this deployment, and the pinned libraries under vendor/."""
    shutil.rmtree(target, ignore_errors=True)
    for folder in (*PAGES, "shared"):
        shutil.copytree(WEB_DIR / folder, target / folder)
    for page in PAGES:
        (target / page / "index.html").write_text(page_html(page))
    (target / "vendor").mkdir()
    for name, source in VENDOR.items():
        shutil.copy2(source, target / "vendor" / name)
    (target / "config.js").write_text(config)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write web/dist for a deployment (host it at the site root).")
    parser.add_argument("--api-base-url", required=True, help="the stack's ApiUrl output")
    parser.add_argument("--supabase-url", required=True)
    parser.add_argument("--publishable-key", required=True, help="the project's publishable (anon) key")
    args = parser.parse_args()
    write_dist(WEB_DIR / "dist", config_js(args.api_base_url, args.supabase_url, args.publishable_key))
    print(f"wrote {WEB_DIR / 'dist'}")
    print(
        "Serve the pages with this header:\n"
        f"Content-Security-Policy: {content_security_policy(args.api_base_url, args.supabase_url)}"
    )
