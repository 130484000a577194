"""Attachments: files go from the browser straight to S3 with a presigned POST whose policy S3
itself enforces (the exact key, type, name, size, encryption, a short expiry), because a
Lambda takes at most 6 MB. Before a message refers to a file, the API checks the object S3
holds (its type and size as S3 recorded them, its first bytes against its type) and copies it
from pending/<chat>/<id> to chats/<chat>/<id>, where no lifecycle rule deletes it, with its
type and a Content-Disposition that names it and, for anything but an image, makes the browser
save it rather than show it. A download is a short-lived CloudFront signed URL: the pages'
distribution serves chats/* from the bucket with the pages' security headers (nosniff among
them, which S3 alone cannot send)."""

from __future__ import annotations

import base64
import json
import os
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import quote, unquote
from uuid import UUID, uuid4

from chat_core import errors, rpc
from chat_core.auth import Caller
from chat_core.config import Settings, get_settings
from chat_core.file_types import content_matches, image_size, safe_file_name
from chat_core.models import (
    MAX_ATTACHMENTS_PER_MESSAGE,
    Attachment,
    AttachmentLink,
    UploadRequest,
    UploadRules,
    UploadTicket,
)
from chat_core.observability import logger

UPLOAD_SECONDS = 300  # the POST's policy expires this long after the ticket
DOWNLOAD_SECONDS = 300
SNIFF_BYTES = 64 * 1024  # enough for every signature and most image headers
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@lru_cache(maxsize=1)
def s3_client() -> Any:
    """One S3 client per container. Imported on first use: only attachment routes need boto3."""
    import boto3
    from botocore.config import Config

    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    endpoint = get_settings().attachments_s3_endpoint  # the local stack's S3; in AWS the regional one
    return boto3.client(
        "s3",
        region_name=region,
        endpoint_url=endpoint or f"https://s3.{region}.amazonaws.com",
        config=Config(
            signature_version="s3v4",
            connect_timeout=2,
            read_timeout=get_settings().supabase_timeout_seconds,
            retries={"max_attempts": 2, "mode": "standard"},
            # A custom endpoint serves buckets by path; AWS's by name (bucket.s3.<region>...).
            s3={"addressing_style": "path" if endpoint else "virtual"},
        ),
    )


def bucket_name(settings: Settings) -> str:
    if not settings.attachments_bucket:
        raise errors.UpstreamUnavailable("attachments are not set up on this deployment")
    return settings.attachments_bucket


def _pending_key(chat_id: UUID, upload_id: UUID) -> str:
    return f"pending/{chat_id}/{upload_id}"


def stored_key(chat_id: UUID, upload_id: UUID) -> str:
    return f"chats/{chat_id}/{upload_id}"


def content_disposition(name: str, content_type: str) -> str:
    """RFC 6266: an ASCII fallback and the exact name (RFC 8187); images inline, all else saved."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name)
    kind = "inline" if content_type in INLINE_TYPES else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def upload_rules() -> UploadRules:
    """What a file must be to be attached, for the pages to check a file when it is chosen (the
    same rules upload_ticket holds it to)."""
    settings = get_settings()
    return UploadRules(
        types=list(settings.attachment_types),
        max_bytes=settings.max_attachment_bytes,
        max_files=MAX_ATTACHMENTS_PER_MESSAGE,
    )


def upload_ticket(caller: Caller, request: UploadRequest) -> UploadTicket:
    """A presigned POST for one new object in the chat's pending prefix."""
    caller.require_chat(request.chat_id)
    settings = get_settings()
    if request.content_type not in settings.attachment_types:
        raise errors.UnsupportedMediaType(
            f"files of type {request.content_type} cannot be attached", code=errors.ErrorCode.FILE_TYPE_REFUSED
        )
    if request.size > settings.max_attachment_bytes:
        raise errors.PayloadTooLarge(
            f"a file may be at most {settings.max_attachment_bytes} bytes", code=errors.ErrorCode.FILE_TOO_LARGE
        )
    bucket = bucket_name(settings)
    rpc.call(
        "chat_authorize_upload",
        {"p_chat_id": str(request.chat_id), "p_caller": caller.subject, "p_as_admin": caller.is_admin},
        write=True,
    )
    upload_id = uuid4()
    # S3 metadata is ASCII: the name travels percent-encoded.
    fields = {
        "Content-Type": request.content_type,
        "x-amz-meta-filename": quote(safe_file_name(request.file_name, request.content_type), safe=""),
        "x-amz-server-side-encryption": "AES256",
    }
    conditions: list[Any] = [{name: value} for name, value in fields.items()]
    conditions.append(["content-length-range", request.size, request.size])
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        post = s3_client().generate_presigned_post(
            bucket,
            _pending_key(request.chat_id, upload_id),
            Fields=fields,
            Conditions=conditions,
            ExpiresIn=UPLOAD_SECONDS,
        )
    except (BotoCoreError, ClientError) as exc:  # no credentials, and the like
        logger.warning("presigning an upload failed", extra={"error_type": type(exc).__name__})
        raise errors.UpstreamUnavailable("uploads cannot be signed right now") from exc
    return UploadTicket(
        upload_id=upload_id,
        url=post["url"],
        fields=post["fields"],
        expires_at=datetime.now(UTC) + timedelta(seconds=UPLOAD_SECONDS),
        max_bytes=settings.max_attachment_bytes,
    )


def _head(bucket: str, key: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        return dict(s3_client().head_object(Bucket=bucket, Key=key))
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            return None
        raise


def _attach_one(settings: Settings, bucket: str, chat_id: UUID, upload_id: UUID) -> Attachment:
    """The upload checked and moved where it stays; already moved (a retry): as it was."""
    stored = _head(bucket, stored_key(chat_id, upload_id))
    if stored is not None:
        return _attachment(upload_id, stored)
    pending = _head(bucket, _pending_key(chat_id, upload_id))
    if pending is None:
        raise errors.ValidationFailed(
            f"attachment {upload_id} was not uploaded, or too long ago: upload it again",
            code=errors.ErrorCode.FILE_NOT_UPLOADED,
        )
    content_type, size = pending.get("ContentType", ""), int(pending["ContentLength"])
    if content_type not in settings.attachment_types or size > settings.max_attachment_bytes:
        raise errors.UnsupportedMediaType(
            f"attachment {upload_id} is not a file that can be attached", code=errors.ErrorCode.FILE_TYPE_REFUSED
        )
    head = (
        s3_client()
        .get_object(Bucket=bucket, Key=_pending_key(chat_id, upload_id), Range=f"bytes=0-{SNIFF_BYTES - 1}")["Body"]
        .read()
    )
    if not content_matches(content_type, head):
        s3_client().delete_object(Bucket=bucket, Key=_pending_key(chat_id, upload_id))
        raise errors.UnsupportedMediaType(
            f"attachment {upload_id} is not the {content_type} it claims to be",
            code=errors.ErrorCode.FILE_CONTENT_MISMATCH,
        )
    name = unquote(pending.get("Metadata", {}).get("filename", "")) or "file"
    metadata = {"filename": quote(name, safe="")}
    dimensions = image_size(content_type, head)
    if dimensions:
        metadata |= {"width": str(dimensions[0]), "height": str(dimensions[1])}
    s3_client().copy_object(
        Bucket=bucket,
        Key=stored_key(chat_id, upload_id),
        CopySource={"Bucket": bucket, "Key": _pending_key(chat_id, upload_id)},
        MetadataDirective="REPLACE",
        ContentType=content_type,
        ContentDisposition=content_disposition(name, content_type),
        Metadata=metadata,
        ServerSideEncryption="AES256",
    )
    return _attachment(upload_id, {"ContentType": content_type, "ContentLength": size, "Metadata": metadata})


def _attachment(upload_id: UUID, head: dict[str, Any]) -> Attachment:
    metadata = head.get("Metadata", {})
    return Attachment(
        id=upload_id,
        name=unquote(metadata.get("filename", "")) or "file",
        type=head["ContentType"],
        size=int(head["ContentLength"]),
        width=int(metadata["width"]) if "width" in metadata else None,
        height=int(metadata["height"]) if "height" in metadata else None,
    )


def checked_attachments(chat_id: UUID, upload_ids: list[UUID]) -> list[Attachment]:
    """Each upload checked and kept, before the message that refers to them is stored."""
    if not upload_ids:
        return []
    settings = get_settings()
    bucket = bucket_name(settings)
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return [_attach_one(settings, bucket, chat_id, upload_id) for upload_id in upload_ids]
    except (BotoCoreError, ClientError) as exc:
        logger.warning("checking an attachment failed", extra={"error_type": type(exc).__name__})
        raise errors.UpstreamUnavailable("file storage is not reachable right now: send it again") from exc


def forget_pending(chat_id: UUID, attachments: list[Attachment]) -> None:
    """After the message is stored: the pending copies go (the lifecycle rule would, in a day)."""
    if not attachments:
        return
    from botocore.exceptions import BotoCoreError, ClientError

    bucket = bucket_name(get_settings())
    try:
        s3_client().delete_objects(
            Bucket=bucket,
            Delete={"Objects": [{"Key": _pending_key(chat_id, a.id)} for a in attachments], "Quiet": True},
        )
    except (BotoCoreError, ClientError) as exc:
        logger.info("pending uploads left to the lifecycle rule", extra={"error_type": type(exc).__name__})


@lru_cache(maxsize=1)
def _files_key(pem: str) -> Any:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    return load_pem_private_key(pem.encode(), password=None)


def signed_file_url(settings: Settings, key: str, expires: int) -> str:
    """A CloudFront signed URL with a canned policy (docs.aws.amazon.com/AmazonCloudFront/latest/
    DeveloperGuide/private-content-creating-signed-url-canned-policy.html): RSA-SHA1 over the
    policy, base64 with CloudFront's three substitutions."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    if not (settings.files_url and settings.files_key_id and settings.files_signing_key):
        raise errors.UpstreamUnavailable("downloads are not set up on this deployment")
    resource = f"{settings.files_url.rstrip('/')}/{key}"
    policy = json.dumps(
        {"Statement": [{"Resource": resource, "Condition": {"DateLessThan": {"AWS:EpochTime": expires}}}]},
        separators=(",", ":"),
    )
    private_key = _files_key(settings.files_signing_key.get_secret_value())
    signature = private_key.sign(policy.encode(), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 -- CloudFront requires SHA-1
    encoded = base64.b64encode(signature).decode().translate(str.maketrans("+=/", "-_~"))
    return f"{resource}?Expires={expires}&Signature={encoded}&Key-Pair-Id={settings.files_key_id}"


def download_link(caller: Caller, chat_id: UUID, attachment_id: UUID) -> AttachmentLink:
    caller.require_chat(chat_id)
    settings = get_settings()
    found = Attachment.model_validate(
        rpc.call(
            "chat_get_attachment",
            {
                "p_chat_id": str(chat_id),
                "p_attachment_id": str(attachment_id),
                "p_caller": caller.subject,
                "p_as_admin": caller.is_admin,
            },
        )
    )
    expires = int(time.time()) + DOWNLOAD_SECONDS
    return AttachmentLink(
        attachment=found,
        url=signed_file_url(settings, stored_key(chat_id, attachment_id), expires),
        expires_at=datetime.fromtimestamp(expires, UTC),
    )
