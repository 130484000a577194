"""The pages' origin as CloudFront serves it (template.yaml: PagesDistribution), from web/:
the same paths, the same rewrites (/admin and /chat serve their page, / goes to /admin/),
/config.js for this stack, and on every response the same security headers (tools.pages)."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from tools.pages import PAGES, VENDOR, WEB_DIR, page_html, security_headers


def web_app(config: str, csp: str) -> web.Application:
    headers = security_headers(csp)

    @web.middleware
    async def secured(request: web.Request, handler: Handler) -> web.StreamResponse:
        # CloudFront's response headers policy applies to every response, errors included.
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            exc.headers.update(headers)
            raise
        response.headers.update(headers)
        return response

    async def config_file(_: web.Request) -> web.Response:
        return web.Response(text=config, content_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=page_html(request.match_info["page"]), content_type="text/html")

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

    pages = "|".join(PAGES)
    app = web.Application(middlewares=[secured])
    app.router.add_get("/", home)
    app.router.add_get("/config.js", config_file)
    app.router.add_get("/vendor/{name}", vendor)
    app.router.add_get(f"/{{page:{pages}}}", page)
    app.router.add_get(f"/{{page:{pages}}}/", page)
    app.router.add_get(f"/{{page:{pages}}}/index.html", page)
    app.router.add_get(rf"/{{folder:{pages}|shared}}/{{name:[A-Za-z0-9_-]+\.(?:js|css)}}", asset)
    return app
