"""S3 for the local stack: moto's server (moto[server], a subprocess: its backends are global,
and the tests' own mock_aws must not reset them) behind a front that does what moto does not
and S3 does, so uploads fail here where they fail in AWS.

- A browser's POST upload is checked against its signed POST policy: the SigV4 signature of
  the policy, its expiration, every condition (exact fields, prefixes, content-length-range),
  and no form field the policy does not cover. The errors are S3's
  (docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html,
  .../sigv4-authentication-HTTPPOST.html): 403 AccessDenied "Invalid according to Policy: …",
  400 EntityTooLarge / EntityTooSmall, 403 SignatureDoesNotMatch.
- A presigned URL (a transcript's download) is checked as S3 checks one: its SigV4 query
  signature over the method, path, query and host, and its expiry.
- A request without a signature gets 403, as from a private bucket (browsers download
  attachments through the pages' distribution, local/web_server.py, never from the bucket).
- Errors carry the bucket's CORS headers for an allowed origin, as S3's do, so a page can read
  why its upload was refused. Everything else (the API's own signed calls, CORS preflights,
  which moto answers from the bucket's CORS rules) passes through.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

import aiohttp
from aiohttp import web

KEPT_SUFFIX = ".kept.json"  # beside a kept object: its type and metadata
BUCKET = "chat-attachments"
REGION = "us-east-1"
ACCESS_KEY_ID, SECRET_ACCESS_KEY = "local-access-key", "local-secret-key"
# Not covered by a POST policy (sigv4-HTTPPOSTConstructPolicy.html): the signature, the file,
# the policy itself, and x-ignore-* fields.
_UNCHECKED_FIELDS = {"x-amz-signature", "file", "policy"}


class S3Error(web.HTTPException):
    """An S3 error document."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status_code = status
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{code}</Code><Message>{escape(message)}</Message>"
            f"<RequestId>{os.urandom(8).hex().upper()}</RequestId></Error>"
        )
        super().__init__(text=body, content_type="application/xml")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _signing_key(date: str, region: str) -> bytes:
    return _hmac(_hmac(_hmac(_hmac(f"AWS4{SECRET_ACCESS_KEY}".encode(), date), region), "s3"), "aws4_request")


def _check_signature(date: str, region: str, signed: str, signature: str) -> None:
    """SigV4's last step, for a POST's policy and a presigned URL's string to sign alike."""
    expected = hmac.new(_signing_key(date, region), signed.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise S3Error(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        )


def _credential_scope(credential: str) -> tuple[str, str]:
    """(date, region) of an x-amz-credential "<key id>/<date>/<region>/s3/aws4_request"."""
    parts = credential.split("/")
    if len(parts) != 5 or parts[0] != ACCESS_KEY_ID or parts[3:] != ["s3", "aws4_request"]:
        raise S3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
    return parts[1], parts[2]


def _form_fields(content_type: str, body: bytes) -> tuple[dict[str, str], bytes | None]:
    """The multipart form's fields (names lowercased, as S3 compares them) and the file. Split
    on the boundary by hand: a general MIME parser takes ~0.3 s over a 10 MiB file."""
    boundary = re.search(r'boundary="?([^";]+)"?', content_type)
    if not boundary:
        raise S3Error(
            400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data."
        )
    fields: dict[str, str] = {}
    file: bytes | None = None
    for part in body.split(b"--" + boundary.group(1).encode())[1:-1]:
        headers, _, value = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        named = re.search(rb'name="([^"]*)"', headers)
        if not named:
            continue
        name, value = named.group(1).decode().lower(), value.removesuffix(b"\r\n")
        if name == "file":
            # "The file or text content must be the last field in the form": S3 ignores any
            # field after it (the S3 API reference, POST Object, Request Parameters: file).
            return fields, value
        fields[name] = value.decode()
    return fields, file


def check_presigned_url(
    method: str, path: str, query: list[tuple[str, str]], host: str, now: float | None = None
) -> None:
    """Raises S3Error where S3 would refuse a presigned URL (SigV4 in the query string:
    docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html): a signature that is
    not over this method, path, query and host, or one past its X-Amz-Expires."""
    params = dict(query)
    date, region = _credential_scope(params.get("X-Amz-Credential", ""))
    amz_date, expires = params.get("X-Amz-Date", ""), params.get("X-Amz-Expires", "")
    try:
        signed_at = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
        lifetime = int(expires)
    except ValueError as exc:
        raise S3Error(400, "AuthorizationQueryParametersError", "X-Amz-Date and X-Amz-Expires are needed.") from exc
    if signed_at + lifetime < (now if now is not None else time.time()):
        raise S3Error(403, "AccessDenied", "Request has expired")
    canonical_query = "&".join(
        f"{quote(name, safe='-_.~')}={quote(value, safe='-_.~')}"
        for name, value in sorted(query)
        if name != "X-Amz-Signature"
    )
    signed_headers = params.get("X-Amz-SignedHeaders", "")
    if signed_headers != "host":
        raise S3Error(403, "AccessDenied", "Only the host header is signed in these URLs")
    canonical = "\n".join(
        [method, quote(path, safe="/-_.~"), canonical_query, f"host:{host}", "", signed_headers, "UNSIGNED-PAYLOAD"]
    )
    scope = f"{date}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    _check_signature(date, region, to_sign, params.get("X-Amz-Signature", ""))


def check_post_policy(fields: dict[str, str], file: bytes | None, bucket: str, now: float | None = None) -> None:
    """Raises S3Error where S3 would refuse this browser POST."""
    if file is None:
        raise S3Error(400, "InvalidArgument", "POST requires exactly one file upload per request.")
    if "policy" not in fields:  # an anonymous POST to a private bucket
        raise S3Error(403, "AccessDenied", "Access Denied")
    date, region = _credential_scope(fields.get("x-amz-credential", ""))
    _check_signature(date, region, fields["policy"], fields.get("x-amz-signature", ""))
    document = json.loads(base64.b64decode(fields["policy"]))
    expiration = datetime.fromisoformat(document["expiration"].replace("Z", "+00:00"))
    if expiration.timestamp() < (now if now is not None else time.time()):
        raise S3Error(403, "AccessDenied", "Invalid according to Policy: Policy expired.")
    covered = {"bucket"}
    for condition in document.get("conditions", []):
        if isinstance(condition, dict):
            ((name, value),) = condition.items()
            condition = ["eq", f"${name}", value]
        operator = str(condition[0]).lower()
        if operator == "content-length-range":
            low, high = int(condition[1]), int(condition[2])
            if len(file) > high:
                raise S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
            if len(file) < low:
                raise S3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
            continue
        name = str(condition[1]).lstrip("$").lower()
        covered.add(name)
        actual = bucket if name == "bucket" else fields.get(name)
        passed = actual is not None and (
            actual == condition[2] if operator == "eq" else actual.startswith(str(condition[2]))
        )
        if not passed:
            raise S3Error(
                403, "AccessDenied", f"Invalid according to Policy: Policy Condition failed: {json.dumps(condition)}"
            )
    extra = sorted(
        name for name in fields if name not in covered | _UNCHECKED_FIELDS and not name.startswith("x-ignore-")
    )
    if extra:
        raise S3Error(403, "AccessDenied", f"Invalid according to Policy: Extra input fields: {', '.join(extra)}")


def moto_client(moto_url: str) -> Any:
    """A boto3 S3 client straight to moto's server, with the stack's credentials: the stack's
    own calls (the bucket's set-up, the distribution's origin requests), not a browser's."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=moto_url,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
    )


class S3Front:
    """The front on its own port; moto's server behind it on another."""

    def __init__(self, moto_port: int, allowed_origins: list[str]) -> None:
        self.moto_url = f"http://127.0.0.1:{moto_port}"
        self.moto_port = moto_port
        self.allowed_origins = allowed_origins
        self.process: subprocess.Popen[bytes] | None = None
        self._client: aiohttp.ClientSession | None = None

    def start_moto(self) -> None:
        # moto answers preflights from the bucket's CORS rules only with its global CORS off.
        env = {**os.environ, "MOTO_DISABLE_GLOBAL_CORS": "true"}
        # A session of its own: the terminal's Ctrl-C is for the stack, which keeps the bucket
        # (keep()) and then stops moto (moto would exit on SIGINT, whatever it inherits).
        self.process = subprocess.Popen(  # noqa: S603 -- this Python running moto
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.moto_port)],
            start_new_session=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def prepare_bucket(self, timeout: float = 30) -> None:
        """The bucket as template.yaml makes it: private, encrypted, CORS for the pages, and the
        lifecycle rules for uploads never attached and for transcripts (moto keeps the rules; S3
        runs them)."""
        import requests

        deadline = time.monotonic() + timeout
        while True:
            try:
                requests.get(self.moto_url, timeout=1)
                break
            except (requests.ConnectionError, requests.Timeout):  # not listening, or still importing
                if time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        s3 = moto_client(self.moto_url)
        s3.create_bucket(Bucket=BUCKET)
        s3.put_public_access_block(
            Bucket=BUCKET,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        s3.put_bucket_encryption(
            Bucket=BUCKET,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            },
        )
        s3.put_bucket_cors(
            Bucket=BUCKET,
            CORSConfiguration={
                "CORSRules": [
                    {
                        "AllowedOrigins": self.allowed_origins,
                        "AllowedMethods": ["POST", "GET", "HEAD"],
                        "AllowedHeaders": ["*"],
                        "ExposeHeaders": ["ETag"],
                        "MaxAgeSeconds": 3000,
                    }
                ]
            },
        )
        s3.put_bucket_lifecycle_configuration(
            Bucket=BUCKET,
            LifecycleConfiguration={
                "Rules": [
                    {
                        "ID": "uploads-never-attached",
                        "Filter": {"Prefix": "pending/"},
                        "Status": "Enabled",
                        "Expiration": {"Days": 1},
                        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
                    },
                    {
                        "ID": "transcripts-fetched",
                        "Filter": {"Prefix": "exports/"},
                        "Status": "Enabled",
                        "Expiration": {"Days": 1},
                        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
                    },
                ]
            },
        )

    def keep(self, directory: Path) -> int:
        """The bucket's objects written under `directory` (each its bytes, and beside it its type
        and metadata), before moto, which keeps them in memory only, stops. Returns how many."""
        s3 = moto_client(self.moto_url)
        if directory.exists():
            shutil.rmtree(directory)
        count = 0
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            for item in page.get("Contents", []):
                stored = s3.get_object(Bucket=BUCKET, Key=item["Key"])
                path = directory / "objects" / item["Key"]
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(stored["Body"].read())
                described = {"ContentType": stored.get("ContentType"), "Metadata": stored.get("Metadata", {})}
                if stored.get("ContentDisposition"):
                    described["ContentDisposition"] = stored["ContentDisposition"]
                path.with_name(path.name + KEPT_SUFFIX).write_text(json.dumps(described))
                count += 1
        return count

    def restore(self, directory: Path) -> int:
        """What keep() wrote, put back into the new bucket. Returns how many objects."""
        objects = directory / "objects"
        if not objects.exists():
            return 0
        s3 = moto_client(self.moto_url)
        count = 0
        for path in sorted(objects.rglob("*")):
            if not path.is_file() or path.name.endswith(KEPT_SUFFIX):
                continue
            described = json.loads(path.with_name(path.name + KEPT_SUFFIX).read_text())
            s3.put_object(
                Bucket=BUCKET,
                Key=path.relative_to(objects).as_posix(),
                Body=path.read_bytes(),
                **{name: value for name, value in described.items() if value},
            )
            count += 1
        return count

    def stop_moto(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=1024**3)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        app.on_cleanup.append(self._close)
        return app

    async def _close(self, _: web.Application) -> None:
        if self._client:
            await self._client.close()

    def _cors(self, request: web.Request) -> dict[str, str]:
        """S3's CORS headers for an actual (not preflight) request from an allowed origin, as the
        bucket's rule gives them; moto adds none to a POST's answer."""
        origin = request.headers.get("Origin", "")
        if origin not in self.allowed_origins or request.method not in {"POST", "GET", "HEAD"}:
            return {}
        return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "ETag", "Vary": "Origin"}

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        try:
            if request.method == "POST" and request.content_type == "multipart/form-data":  # a browser's upload
                fields, file = _form_fields(request.headers["Content-Type"], body)
                check_post_policy(fields, file, request.path.strip("/"))
            elif "X-Amz-Signature" in request.query:  # a presigned URL: a transcript's download
                check_presigned_url(request.method, request.path, list(request.query.items()), request.host)
            elif "Authorization" not in request.headers and request.method != "OPTIONS":
                raise S3Error(403, "AccessDenied", "Access Denied")  # a private bucket, to anyone unsigned
        except S3Error as refused:
            refused.headers.update(self._cors(request))
            raise
        return await self._forward(request, body)

    async def _forward(self, request: web.Request, body: bytes) -> web.StreamResponse:
        if self._client is None:
            self._client = aiohttp.ClientSession(auto_decompress=False)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in {"host", "content-length"}}
        async with self._client.request(
            request.method, f"{self.moto_url}{request.path_qs}", headers=headers, data=body, allow_redirects=False
        ) as answer:
            payload = await answer.read()
            response = web.StreamResponse(status=answer.status)
            for name, value in answer.headers.items():
                if name.lower() not in {"transfer-encoding", "connection", "server", "date", "content-length"}:
                    response.headers[name] = value
            if request.method != "OPTIONS":
                response.headers.update(self._cors(request))
            # A HEAD's length is the object's, not its (empty) body's.
            response.content_length = int(answer.headers.get("Content-Length", len(payload)))
            await response.prepare(request)
            if request.method != "HEAD":
                await response.write(payload)
            await response.write_eof()
            return response
