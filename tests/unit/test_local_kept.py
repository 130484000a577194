"""make dev keeps mail, pushes and files across a restart (local/kept.py), as it keeps Postgres."""

from __future__ import annotations

from pathlib import Path

from local.kept import KeptJson
from local.mailbox import Mailbox
from local.push import LocalPushService
from local.s3 import BUCKET, S3Front, moto_client
from local.stack import free_port


def test_mail_caught_before_a_restart_is_still_there_after_it(tmp_path: Path):
    # Given an email caught by the stack that keeps its mail
    Mailbox(KeptJson(tmp_path / "mail.json")).deliver("ada@example.com", "You have a reply", "hello")

    # When the stack starts again
    restarted = Mailbox(KeptJson(tmp_path / "mail.json"))

    # Then the developer still reads it
    assert [(m["to"], m["subject"], m["text"]) for m in restarted.messages] == [
        ("ada@example.com", "You have a reply", "hello")
    ]


def test_a_browsers_push_subscription_and_its_pushes_survive_a_restart(tmp_path: Path):
    # Given a browser subscribed at the local push service, which received one push
    service = LocalPushService("http://localhost:1", KeptJson(tmp_path / "push.json"))
    subscribed = service.subscribe("BApplicationServerKey")
    subscription = next(iter(service._subscriptions.values()))
    subscription.messages.append({"payload": {"title": "New message"}, "ttl": 60})
    service._keep()

    # When the stack starts again
    restarted = LocalPushService("http://localhost:1", KeptJson(tmp_path / "push.json"))

    # Then the same endpoint answers with the same keys (the browser's subscription still works),
    # and the push is still listed
    [kept] = restarted._subscriptions.values()
    assert restarted.endpoint_prefix + kept.id == subscribed["endpoint"]
    assert kept.public_key() == subscribed["keys"]["p256dh"]
    assert [m["payload"] for m in restarted.messages()] == [{"title": "New message"}]


def test_attachments_stored_before_a_restart_download_after_it(tmp_path: Path):
    # Given a file in the local bucket, with its type and metadata
    before = S3Front(moto_port=free_port(), allowed_origins=["http://localhost"])
    before.start_moto()
    try:
        before.prepare_bucket()
        moto_client(before.moto_url).put_object(
            Bucket=BUCKET,
            Key="chats/c1/f1",
            Body=b"%PDF-1.7 the invoice",
            ContentType="application/pdf",
            Metadata={"name": "invoice.pdf"},
        )
        # When the stack stops (keeping the bucket) and starts again
        assert before.keep(tmp_path / "s3") == 1
    finally:
        before.stop_moto()
    after = S3Front(moto_port=free_port(), allowed_origins=["http://localhost"])
    after.start_moto()
    try:
        after.prepare_bucket()
        assert after.restore(tmp_path / "s3") == 1

        # Then the file is there, byte for byte, with its type and metadata
        stored = moto_client(after.moto_url).get_object(Bucket=BUCKET, Key="chats/c1/f1")
        assert (stored["Body"].read(), stored["ContentType"], stored["Metadata"]) == (
            b"%PDF-1.7 the invoice",
            "application/pdf",
            {"name": "invoice.pdf"},
        )
    finally:
        after.stop_moto()
