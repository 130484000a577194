"""The static pages as a deployment serves them, from web/: /admin/, /chat/, /shared/…, plus
/config.js written for the deployment and /vendor/… from web/node_modules (the versions
package-lock.json pins): supabase-js, and Preact, htm and @preact/signals as ES modules that
the pages import by name through an import map.

Every response carries the same security headers (`security_headers`), whoever serves it:
the local web server (local/web_server.py) and CloudFront (template.yaml's
PagesResponseHeaders, held equal by tests/deploy). The Content-Security-Policy lets scripts
come only from this origin (the import map by its hash): no eval, no inline script or style
attribute; the pages talk only to the API and the Supabase project.

`python -m tools.pages --site DIR` writes the pages (without config.js, which the deployment
provides) and `--publish BUCKET` uploads them (make publish-pages)."""

from __future__ import annotations

import argparse
import json
import mimetypes
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from chat_core.widget_frame import IMPORT_MAP, VENDOR_MODULES, import_map_hash

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
NODE_MODULES = WEB_DIR / "node_modules"
SUPABASE_JS = NODE_MODULES / "@supabase" / "supabase-js" / "dist" / "umd" / "supabase.js"
# Import name -> (file under /vendor/ (chat_core.widget_frame names them), its source in node_modules).
SOURCES = {
    "preact": NODE_MODULES / "preact" / "dist" / "preact.mjs",
    "preact/hooks": NODE_MODULES / "preact" / "hooks" / "dist" / "hooks.mjs",
    "htm": NODE_MODULES / "htm" / "dist" / "htm.mjs",
    "@preact/signals-core": NODE_MODULES / "@preact" / "signals-core" / "dist" / "signals-core.mjs",
    "@preact/signals": NODE_MODULES / "@preact" / "signals" / "dist" / "signals.mjs",
    "intl-messageformat": NODE_MODULES / "intl-messageformat" / "index.js",
    "@formatjs/fast-memoize": NODE_MODULES / "@formatjs" / "fast-memoize" / "index.js",
    "@formatjs/icu-messageformat-parser": NODE_MODULES / "@formatjs" / "icu-messageformat-parser" / "index.js",
    "@formatjs/icu-skeleton-parser": NODE_MODULES / "@formatjs" / "icu-skeleton-parser" / "index.js",
}
MODULES = {name: (file, SOURCES[name]) for name, file in VENDOR_MODULES.items()}
VENDOR = {"supabase.js": SUPABASE_JS, **{file: source for file, source in MODULES.values()}}
PAGES = ("admin", "chat")
# The widget: its loader (the one file a host page includes) and its frame's scripts and styles
# (the frame document itself comes from the API: chat_core.widget_frame).
LOADER = WEB_DIR / "widget.js"
WIDGET = "widget"
LOCALES = "locales"  # the catalogs, one module per locale (web/shared/i18n.js)
IMPORT_MAP_MARK = "<!-- import map -->"
# Pages change with every deploy and their names carry no version: browsers revalidate (ETag).
CACHE_CONTROL = "no-cache"
HSTS_SECONDS = 63_072_000  # two years, as hstspreload.org asks


def config_js(
    api_base_url: str,
    supabase_url: str,
    publishable_key: str,
    welcome_line: str = "",
    closed_line: str = "",
    vapid_public_key: str = "",
) -> str:
    """The one per-deployment file the pages read. Only public values: no secret in web/.
    welcome_line: what an empty chat says to the customer; closed_line: how the customer of a
    closed chat reaches support again ('' for the page's own words); vapid_public_key: the key
    browsers subscribe to web push with ('' : the pages offer no push)."""
    config = {
        "apiBaseUrl": api_base_url,
        "supabaseUrl": supabase_url,
        "supabasePublishableKey": publishable_key,
        "customerWelcomeLine": welcome_line,
        "customerClosedLine": closed_line,
        "vapidPublicKey": vapid_public_key,
    }
    return f"window.CHAT_CONFIG = {json.dumps(config, indent=2)};\n"


def page_html(page: str) -> str:
    """A page with the import map in place (the one inline script, allowed by its hash)."""
    return (
        (WEB_DIR / page / "index.html")
        .read_text()
        .replace(IMPORT_MAP_MARK, f'<script type="importmap">{IMPORT_MAP}</script>')
    )


def content_security_policy(api_base_url: str, supabase_url: str, files_url: str) -> str:
    """What the pages may load and talk to: this origin's files, the API, Supabase (HTTPS and
    its Realtime WebSocket) and the attachments' bucket (uploads go there; downloads come from
    this origin's /chats/), nothing else."""
    supabase = urlparse(supabase_url)
    realtime = f"{'wss' if supabase.scheme == 'https' else 'ws'}://{supabase.netloc}"
    api, files = urlparse(api_base_url), urlparse(files_url)
    api_origin, supabase_origin, files_origin = (f"{u.scheme}://{u.netloc}" for u in (api, supabase, files))
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' '{import_map_hash()}'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' {api_origin} {supabase_origin} {realtime} {files_origin}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(csp: str) -> dict[str, str]:
    """The headers every response of the pages' origin carries."""
    return {
        "Content-Security-Policy": csp,
        "Strict-Transport-Security": f"max-age={HSTS_SECONDS}; includeSubDomains; preload",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
    }


def write_site(target: Path, config: str | None = None) -> None:
    """The pages as a static host serves them: the same paths as locally, each page with its
    import map, the pinned libraries under vendor/, and config.js when given."""
    shutil.rmtree(target, ignore_errors=True)
    for folder in (*PAGES, "shared", WIDGET, LOCALES):
        shutil.copytree(WEB_DIR / folder, target / folder)
    shutil.copy2(LOADER, target / LOADER.name)
    for page in PAGES:
        (target / page / "index.html").write_text(page_html(page))
    (target / "vendor").mkdir()
    for name, source in VENDOR.items():
        shutil.copy2(source, target / "vendor" / name)
    if config is not None:
        (target / "config.js").write_text(config)


def content_type(path: Path) -> str:
    if path.suffix in {".js", ".mjs"}:
        return "text/javascript; charset=utf-8"
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def publish(site: Path, bucket: str, s3: Any) -> dict[str, int]:
    """Upload `site` to `bucket` (each file with its type and CACHE_CONTROL), then delete what
    the site no longer has; config.js belongs to the deployment (CloudFront) and is not in S3.
    Uploads come first, so a page is never served while a file it needs is missing."""
    keys = {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}
    for key, path in keys.items():
        s3.put_object(
            Bucket=bucket,
            Key=key,
            Body=path.read_bytes(),
            ContentType=content_type(path),
            CacheControl=CACHE_CONTROL,
        )
    stale = [
        item["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for item in page.get("Contents", [])
        if item["Key"] not in keys
    ]
    for start in range(0, len(stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": key} for key in stale[start : start + 1000]]})
    return {"uploaded": len(keys), "deleted": len(stale)}


def _stack_output(stack: str, name: str) -> str:
    import boto3

    outputs = boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
    values = {output["OutputKey"]: output["OutputValue"] for output in outputs}
    if name not in values:
        sys.exit(f"stack {stack} has no output {name}: deploy it first (sam deploy)")
    return str(values[name])


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the pages, or upload them to the stack's bucket.")
    parser.add_argument("--site", type=Path, default=WEB_DIR / "dist", help="where to write the pages")
    parser.add_argument("--publish", metavar="STACK", help="upload the pages to this stack's PagesBucket")
    parser.add_argument("--api-base-url", help="write config.js too, for a host other than the stack's")
    parser.add_argument("--supabase-url")
    parser.add_argument("--publishable-key", help="the project's publishable (anon) key")
    parser.add_argument("--files-url", help="the attachments bucket, https://<bucket>.s3.<region>.amazonaws.com")
    parser.add_argument("--welcome-line", default="", help="what an empty chat says to the customer")
    parser.add_argument("--closed-line", default="", help="how the customer of a closed chat reaches support again")
    args = parser.parse_args()
    wanted = (args.api_base_url, args.supabase_url, args.publishable_key)
    if any((*wanted, args.files_url)) and not all((*wanted, args.files_url)):
        parser.error("--api-base-url, --supabase-url, --publishable-key and --files-url go together")
    config = config_js(*wanted, args.welcome_line, args.closed_line) if all(wanted) else None
    write_site(args.site, config)
    sys.stdout.write(f"wrote {args.site}\n")
    if config:
        sys.stdout.write("Serve every file with these headers:\n")
        for name, value in security_headers(
            content_security_policy(args.api_base_url, args.supabase_url, args.files_url)
        ).items():
            sys.stdout.write(f"{name}: {value}\n")
    if args.publish:
        import boto3

        bucket = _stack_output(args.publish, "PagesBucketName")
        counts = publish(args.site, bucket, boto3.client("s3"))
        sys.stdout.write(f"published to s3://{bucket}: {counts['uploaded']} files, {counts['deleted']} removed\n")
        sys.stdout.write(f"the pages: {_stack_output(args.publish, 'PagesUrl')}\n")


if __name__ == "__main__":
    main()
