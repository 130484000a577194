"""The pages' origin as CloudFront serves it (template.yaml: PagesDistribution), from web/:
the same paths, the same rewrites (/admin and /chat serve their page, / goes to /admin/),
/config.js for this stack, attachments under /chats/ for signed URLs only (the distribution's
trusted key group; the bucket behind it), /widget from the API (the widget's frame, whose CSP
the API writes: template.yaml's widget behaviour), and on every other response the same
security headers (tools.pages)."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.typedefs import Handler

from local.s3 import BUCKET, S3Error, moto_client
from tools.pages import LOADER, PAGES, VENDOR, WEB_DIR, page_html, security_headers

# What CloudFront's WidgetResponseHeaders adds to the frame: every page header but the CSP the
# API sent and X-Frame-Options (the CSP's frame-ancestors decides).
FRAME_HEADERS = ("Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy")
# What CloudFront passes on from the API (Managed-AllViewerExceptHostHeader, CachingDisabled).
FRAME_PASSED = ("Content-Type", "Content-Security-Policy", "Cache-Control")


@dataclass(frozen=True)
class FilesOrigin:
    """The /chats/* behaviour: the key group's one public key, and the bucket behind it."""

    key_id: str
    public_key_pem: str
    s3_url: str  # moto's server: the origin request, which CloudFront signs itself (OAC)


def check_signed_url(resource: str, query: dict[str, str], files: FilesOrigin, now: float) -> None:
    """Raises where CloudFront refuses a signed URL with a canned policy
    (repost.aws/knowledge-center/cloudfront-troubleshoot-signed-url-cookies): 403 AccessDenied."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    if not query.get("Key-Pair-Id"):
        raise S3Error(403, "AccessDenied", "Missing Key-Pair-Id query parameter or cookie value")
    if query["Key-Pair-Id"] != files.key_id:
        raise S3Error(403, "AccessDenied", "Unknown Key")
    expires = query.get("Expires", "")
    if not expires.isdigit() or "Signature" not in query:
        raise S3Error(403, "AccessDenied", "Access denied")
    policy = json.dumps(
        {"Statement": [{"Resource": resource, "Condition": {"DateLessThan": {"AWS:EpochTime": int(expires)}}}]},
        separators=(",", ":"),
    )
    signature = base64.b64decode(query["Signature"].translate(str.maketrans("-_~", "+=/")))
    public_key: Any = load_pem_public_key(files.public_key_pem.encode())
    try:
        public_key.verify(signature, policy.encode(), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 -- CloudFront's
    except InvalidSignature:
        raise S3Error(403, "AccessDenied", "Access denied") from None
    if int(expires) < now:
        raise S3Error(403, "AccessDenied", "Access denied")


def web_app(config: str, csp: str, files: FilesOrigin, api_url: str) -> web.Application:
    headers = security_headers(csp)
    frame_headers = {name: headers[name] for name in FRAME_HEADERS}

    @web.middleware
    async def secured(request: web.Request, handler: Handler) -> web.StreamResponse:
        # CloudFront's response headers policy applies to every response, errors included.
        policy = frame_headers if request.path == "/widget" else headers
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            exc.headers.update(policy)
            raise
        response.headers.update(policy)
        return response

    async def widget_frame(request: web.Request) -> web.Response:
        # The widget behaviour's origin is the API's stage; PagesRouter rewrites the path.
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{api_url}/chat-session/widget", params=request.query) as answer:
                body = await answer.read()
                passed = {name: answer.headers[name] for name in FRAME_PASSED if name in answer.headers}
                return web.Response(status=answer.status, body=body, headers=passed)

    async def loader(_: web.Request) -> web.FileResponse:
        return web.FileResponse(LOADER, headers={"Content-Type": "text/javascript"})

    async def config_file(_: web.Request) -> web.Response:
        return web.Response(text=config, content_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=page_html(request.match_info["page"]), content_type="text/html")

    async def asset(request: web.Request) -> web.FileResponse:
        # The name pattern admits one subfolder and no '..': nothing outside these folders.
        return web.FileResponse(WEB_DIR / request.match_info["folder"] / request.match_info["name"])

    async def vendor(request: web.Request) -> web.FileResponse:
        source = VENDOR.get(request.match_info["name"])
        if source is None:
            raise web.HTTPNotFound()
        return web.FileResponse(source, headers={"Content-Type": "text/javascript"})

    async def home(_: web.Request) -> web.Response:
        raise web.HTTPFound("/admin/")

    bucket = moto_client(files.s3_url)

    async def attachment(request: web.Request) -> web.Response:
        resource = f"{request.scheme}://{request.host}{request.path}"
        check_signed_url(resource, dict(request.query), files, time.time())
        try:  # the origin request, signed as CloudFront's origin access control signs it
            stored = await asyncio.to_thread(bucket.get_object, Bucket=BUCKET, Key=request.path.lstrip("/"))
        except bucket.exceptions.NoSuchKey:
            raise S3Error(404, "NoSuchKey", "The specified key does not exist.") from None
        headers = {"Content-Type": stored["ContentType"], "ETag": stored["ETag"]}
        if stored.get("ContentDisposition"):
            headers["Content-Disposition"] = stored["ContentDisposition"]
        return web.Response(body=await asyncio.to_thread(stored["Body"].read), headers=headers)

    pages = "|".join(PAGES)
    app = web.Application(middlewares=[secured])
    app.router.add_get("/", home)
    app.router.add_get("/config.js", config_file)
    app.router.add_get("/widget", widget_frame)
    app.router.add_get("/widget.js", loader)
    app.router.add_get("/vendor/{name}", vendor)
    app.router.add_get("/chats/{chat}/{file}", attachment)
    app.router.add_get(f"/{{page:{pages}}}", page)
    app.router.add_get(f"/{{page:{pages}}}/", page)
    app.router.add_get(f"/{{page:{pages}}}/index.html", page)
    app.router.add_get(
        rf"/{{folder:{pages}|shared|widget|locales}}/{{name:(?:[A-Za-z0-9_-]+/)?[A-Za-z0-9_-]+\.(?:js|css)}}", asset
    )
    return app
