"""The static pages as a deployment serves them, from web/: /admin/, /chat, /shared/…, plus
/config.js written for this stack and /vendor/supabase.js from web/node_modules (the
version package-lock.json pins)."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from aiohttp import web

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
SUPABASE_JS = WEB_DIR / "node_modules" / "@supabase" / "supabase-js" / "dist" / "umd" / "supabase.js"


def config_js(api_base_url: str, supabase_url: str, publishable_key: str) -> str:
    """The one per-deployment file the pages read. Only public values: no secret in web/."""
    config = {"apiBaseUrl": api_base_url, "supabaseUrl": supabase_url, "supabasePublishableKey": publishable_key}
    return f"window.CHAT_CONFIG = {json.dumps(config, indent=2)};\n"


def web_app(config: str) -> web.Application:
    async def config_file(_: web.Request) -> web.Response:
        return web.Response(text=config, content_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def page(request: web.Request) -> web.FileResponse:
        return web.FileResponse(WEB_DIR / request.match_info["page"] / "index.html")

    async def asset(request: web.Request) -> web.FileResponse:
        # The name pattern admits no '/' and no '..': nothing outside these folders.
        return web.FileResponse(WEB_DIR / request.match_info["folder"] / request.match_info["name"])

    async def supabase_js(_: web.Request) -> web.FileResponse:
        return web.FileResponse(SUPABASE_JS)

    async def home(_: web.Request) -> web.Response:
        raise web.HTTPFound("/admin/")

    app = web.Application()
    app.router.add_get("/", home)
    app.router.add_get("/config.js", config_file)
    app.router.add_get("/vendor/supabase.js", supabase_js)
    app.router.add_get("/{page:admin|chat}", page)
    app.router.add_get("/{page:admin|chat}/", page)
    app.router.add_get(r"/{folder:admin|chat|shared}/{name:[A-Za-z0-9_-]+\.(?:js|css)}", asset)
    return app


def write_dist(target: Path, config: str) -> None:
    """The pages as a static host serves them: the same paths as locally, config.js for
    this deployment, and the pinned supabase-js beside them."""
    shutil.rmtree(target, ignore_errors=True)
    for folder in ("admin", "chat", "shared"):
        shutil.copytree(WEB_DIR / folder, target / folder)
    (target / "vendor").mkdir()
    shutil.copy2(SUPABASE_JS, target / "vendor" / "supabase.js")
    (target / "config.js").write_text(config)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write web/dist for a deployment (host it at the site root).")
    parser.add_argument("--api-base-url", required=True, help="the stack's ApiUrl output")
    parser.add_argument("--supabase-url", required=True)
    parser.add_argument("--publishable-key", required=True, help="the project's publishable (anon) key")
    args = parser.parse_args()
    write_dist(WEB_DIR / "dist", config_js(args.api_base_url, args.supabase_url, args.publishable_key))
    print(f"wrote {WEB_DIR / 'dist'}")
