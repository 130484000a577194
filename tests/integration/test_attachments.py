"""Attachments: a presigned POST straight to S3 (the local stack's moto behind a front that
enforces POST policies and presigned GETs as S3 does), checked and kept before the message,
downloaded by a short-lived link. Through the real handlers."""

from __future__ import annotations

import time
import uuid
from urllib.parse import quote

import pytest
import requests
from chat_core.config import get_settings

from tests.support.content import png_image
from tests.support.database import drop_cached_settings

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _ticket(api, chat_id, name, content_type, size):
    return api.at("/uploads")(
        "POST", body={"chat_id": chat_id, "file_name": name, "content_type": content_type, "size": size}
    )


def _post_to_s3(ticket, data: bytes, content_type: str | None = None, name: str = "file"):
    """The browser's POST: the ticket's fields, then the file."""
    fields = dict(ticket["fields"])
    if content_type is not None:
        fields["Content-Type"] = content_type
    return requests.post(ticket["url"], data=fields, files={"file": (name, data)}, timeout=30)


def _upload(api, chat_id, name, content_type, data: bytes) -> str:
    ticket = _ticket(api, chat_id, name, content_type, len(data))
    assert ticket.status == 201, ticket.body
    stored = _post_to_s3(ticket.body, data)
    assert stored.status_code in (201, 204), stored.text
    return str(ticket.body["upload_id"])


@pytest.fixture
def customer_api(chats, chat, message_api):
    """/chat-message as the chat's customer."""
    return message_api.as_(chats.customer_token(chat["id"]))


def test_a_customer_sends_a_screenshot_with_no_words(customer_api, chat, session_api):
    # Given a screenshot uploaded straight to S3 with the customer's ticket
    upload_id = _upload(customer_api, chat["id"], "screen shot.png", "image/png", png_image(3, 2))

    # When the customer sends a message carrying only it
    response = customer_api("POST", body={"chat_id": chat["id"], "attachments": [upload_id]})

    # Then the message carries the file's name, type, size and the image's size; the list previews it
    assert response.status == 201, response.body
    (attachment,) = response.body["message"]["attachments"]
    assert attachment == {
        "id": upload_id,
        "name": "screen shot.png",
        "type": "image/png",
        "size": len(png_image(3, 2)),
        "width": 3,
        "height": 2,
    }
    assert session_api("GET", query={"id": chat["id"]}).body["session"]["last_message_preview"] == "📎 screen shot.png"


def test_a_participant_downloads_the_file_byte_identical_with_safe_headers(customer_api, message_api, chat):
    # Given a PDF the customer sent, named with characters a header cannot carry plainly
    upload_id = _upload(customer_api, chat["id"], 'Invoice "Nº 7".pdf', "application/pdf", PDF)
    customer_api("POST", body={"chat_id": chat["id"], "content": "my invoice", "attachments": [upload_id]})

    # When the admin asks for it and follows the link
    link = message_api.at("/attachment")("GET", query={"chatId": chat["id"], "id": upload_id})
    download = requests.get(link.body["url"], timeout=10)

    # Then the bytes are the same, the type is the checked one, it is saved as a download, and
    # the browser may not guess another type
    assert link.status == 200 and download.status_code == 200
    assert download.content == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Invoice _N_ 7_.pdf\"; filename*=UTF-8''Invoice%20%22N%C2%BA%207%22.pdf"
    )


def test_an_image_opens_inline(customer_api, chat):
    upload_id = _upload(customer_api, chat["id"], "photo.png", "image/png", png_image(3, 2))
    customer_api("POST", body={"chat_id": chat["id"], "attachments": [upload_id]})

    link = customer_api.at("/attachment")("GET", query={"chatId": chat["id"], "id": upload_id})

    assert requests.get(link.body["url"], timeout=10).headers["Content-Disposition"].startswith("inline;")


def test_another_chats_customer_gets_no_link(customer_api, message_api, chats, chat):
    # Given a file in chat A, and the customer of chat B
    upload_id = _upload(customer_api, chat["id"], "private.pdf", "application/pdf", PDF)
    customer_api("POST", body={"chat_id": chat["id"], "attachments": [upload_id]})
    other = message_api.as_(chats.customer_token(chats.create()["id"]))
    other_chat = chats.create()["id"]

    # When B asks for it, naming chat A, or naming its own chat
    through_a = other.at("/attachment")("GET", query={"chatId": chat["id"], "id": upload_id})
    through_own = message_api.as_(chats.customer_token(other_chat)).at("/attachment")(
        "GET", query={"chatId": other_chat, "id": upload_id}
    )

    # Then it is refused both ways
    assert through_a.status == 403
    assert through_own.status == 404


def test_a_file_larger_than_its_ticket_is_refused_by_s3_itself(customer_api, chat):
    # Given a ticket for 1,000 bytes
    ticket = _ticket(customer_api, chat["id"], "notes.txt", "text/plain", 1000).body

    # When the browser posts 1,001 (or 999) bytes
    larger = _post_to_s3(ticket, b"a" * 1001)
    smaller = _post_to_s3(ticket, b"a" * 999)

    # Then S3 refuses them by the policy's content-length-range
    assert larger.status_code == 400 and "<Code>EntityTooLarge</Code>" in larger.text
    assert smaller.status_code == 400 and "<Code>EntityTooSmall</Code>" in smaller.text


@pytest.fixture
def max_attachment_bytes(monkeypatch):
    """MAX_ATTACHMENT_BYTES for one test, as a deployment sets it."""

    def set_limit(limit: int) -> None:
        monkeypatch.setenv("MAX_ATTACHMENT_BYTES", str(limit))
        drop_cached_settings()

    yield set_limit
    monkeypatch.delenv("MAX_ATTACHMENT_BYTES", raising=False)
    drop_cached_settings()


def test_the_largest_file_is_the_limit_and_one_byte_more_is_too_large(customer_api, chat, max_attachment_bytes):
    max_attachment_bytes(2048)

    at_limit = _ticket(customer_api, chat["id"], "a.txt", "text/plain", 2048)
    over = _ticket(customer_api, chat["id"], "b.txt", "text/plain", 2049)

    assert at_limit.status == 201 and at_limit.body["max_bytes"] == 2048
    assert _post_to_s3(at_limit.body, b"x" * 2048).status_code in (201, 204)
    assert over.status == 413 and over.body["error"]["code"] == "file_too_large"


def test_the_default_limit_is_10_mib(customer_api, chat):
    assert _ticket(customer_api, chat["id"], "big.pdf", "application/pdf", 10 * 1024 * 1024).status == 201
    assert _ticket(customer_api, chat["id"], "big.pdf", "application/pdf", 10 * 1024 * 1024 + 1).status == 413


@pytest.mark.parametrize(
    "content_type", ["text/html", "image/svg+xml", "application/javascript", "application/x-msdownload"]
)
def test_pages_scripts_and_programs_cannot_be_attached(customer_api, chat, content_type):
    response = _ticket(customer_api, chat["id"], "thing", content_type, 10)

    assert response.status == 415 and response.body["error"]["code"] == "file_type_refused"


def test_s3_refuses_a_post_whose_type_differs_from_the_ticket(customer_api, chat):
    ticket = _ticket(customer_api, chat["id"], "a.png", "image/png", len(png_image(3, 2))).body

    response = _post_to_s3(ticket, png_image(3, 2), content_type="text/html")

    assert response.status_code == 403 and "Policy Condition failed" in response.text


def test_a_file_whose_bytes_are_not_its_type_is_refused_and_removed(customer_api, chat, db):
    # Given HTML uploaded as a PNG (S3 keeps what the policy allowed: the declared type)
    page = b"<html><script>alert(1)</script></html>"
    upload_id = _upload(customer_api, chat["id"], "cat.png", "image/png", page)

    # When it is attached
    response = customer_api("POST", body={"chat_id": chat["id"], "content": "look", "attachments": [upload_id]})

    # Then the message is refused, nothing is stored, and a second try finds no upload
    assert response.status == 415 and response.body["error"]["code"] == "file_content_mismatch"
    assert db.execute("select count(*) as n from chat_messages where chat_id = %s", (chat["id"],)).fetchone()["n"] == 0
    again = customer_api("POST", body={"chat_id": chat["id"], "content": "look", "attachments": [upload_id]})
    assert again.status == 422 and again.body["error"]["code"] == "file_not_uploaded"


def test_an_upload_that_never_happened_cannot_be_attached(customer_api, chat):
    response = customer_api("POST", body={"chat_id": chat["id"], "attachments": [str(uuid.uuid4())]})

    assert response.status == 422 and response.body["error"]["code"] == "file_not_uploaded"


def test_a_retried_send_returns_the_same_message_once(customer_api, chat, db):
    # Given an uploaded file and a message id chosen by the page
    upload_id = _upload(customer_api, chat["id"], "a.pdf", "application/pdf", PDF)
    body = {"chat_id": chat["id"], "attachments": [upload_id], "client_msg_id": str(uuid.uuid4())}

    # When the send is retried (the first answer was lost)
    first, second = customer_api("POST", body=body), customer_api("POST", body=body)

    # Then one message, with its one attachment
    assert (first.status, second.status) == (201, 200)
    assert second.body["message"] == first.body["message"]
    assert db.execute("select count(*) as n from chat_messages where chat_id = %s", (chat["id"],)).fetchone()["n"] == 1


def test_a_message_needs_words_or_a_file(customer_api, chat):
    response = customer_api("POST", body={"chat_id": chat["id"], "content": "  "})

    assert response.status == 422


def test_a_closed_chat_takes_no_upload(customer_api, session_api, chat):
    session_api("DELETE", query={"id": chat["id"]})

    response = _ticket(customer_api, chat["id"], "late.pdf", "application/pdf", len(PDF))

    assert response.status == 409


def test_an_expired_upload_is_refused_by_s3(chat):
    from chat_core import attachments

    # Given a POST policy that expired a moment ago
    post = attachments.s3_client().generate_presigned_post(
        "chat-attachments", f"pending/{chat['id']}/{uuid.uuid4()}", ExpiresIn=1
    )
    time.sleep(1.5)

    response = requests.post(post["url"], data=post["fields"], files={"file": ("a", b"a")}, timeout=10)

    assert response.status_code == 403 and "Policy expired" in response.text


def test_an_expired_altered_or_unsigned_download_link_is_refused(customer_api, chat, local_stack):
    from chat_core import attachments
    from chat_core.config import get_settings

    # Given a file, a link that lapsed a second ago, and a good link
    upload_id = _upload(customer_api, chat["id"], "a.pdf", "application/pdf", PDF)
    customer_api("POST", body={"chat_id": chat["id"], "attachments": [upload_id]})
    key = f"chats/{chat['id']}/{upload_id}"
    lapsed = attachments.signed_file_url(get_settings(), key, int(time.time()) - 1)
    good = customer_api.at("/attachment")("GET", query={"chatId": chat["id"], "id": upload_id}).body["url"]

    # When each is followed, the good one for another file, and the file asked of the bucket itself
    expired = requests.get(lapsed, timeout=10)
    altered = requests.get(good.replace(str(upload_id), str(uuid.uuid4())), timeout=10)
    unsigned = requests.get(good.split("?")[0], timeout=10)
    from_bucket = requests.get(f"http://localhost:{local_stack.ports.s3}/chat-attachments/{key}", timeout=10)

    # Then all are refused
    assert expired.status_code == altered.status_code == unsigned.status_code == from_bucket.status_code == 403
    assert "Missing Key-Pair-Id" in unsigned.text


@pytest.mark.parametrize(
    ("name", "content_type", "kept_as"),
    [
        ("page.html", "text/plain", "page.html.txt"),
        ("invoice.pdf.exe", "application/pdf", "invoice.pdf.exe.pdf"),
        ("photo\u202egnp.exe", "image/png", "photo_gnp.exe.png"),
        ("notes.TXT", "text/plain", "notes.TXT"),
    ],
)
def test_a_file_is_kept_under_a_safe_name_for_its_type(customer_api, chat, name, content_type, kept_as):
    # Given a file uploaded under a name its type does not go by (or with a control character)
    data = PDF if content_type == "application/pdf" else png_image(2, 2) if content_type == "image/png" else b"hello"
    upload_id = _upload(customer_api, chat["id"], name, content_type, data)

    # When it is sent, and its link asked for
    sent = customer_api("POST", body={"chat_id": chat["id"], "attachments": [upload_id]})
    link = customer_api.at("/attachment")("GET", query={"chatId": chat["id"], "id": upload_id})
    download = requests.get(link.body["url"], timeout=10)

    # Then it is kept, listed and downloaded under a name its type goes by
    assert sent.body["message"]["attachments"][0]["name"] == kept_as
    assert f"filename*=UTF-8''{quote(kept_as, safe='')}" in download.headers["Content-Disposition"]


def test_s3_ignores_form_fields_after_the_file(customer_api, chat):
    # Given a ticket, and a form that puts the file first and the policy's fields after it
    ticket = _ticket(customer_api, chat["id"], "late.txt", "text/plain", 5).body
    boundary = "----late-fields"
    parts = [("file", b"hello"), *((name, value.encode()) for name, value in ticket["fields"].items())]
    body = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value + b"\r\n"
            for name, value in parts
        )
        + f"--{boundary}--\r\n".encode()
    )

    # When the browser POSTs it
    response = requests.post(
        ticket["url"], data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}, timeout=10
    )

    # Then S3 never read the policy that came after the file: it is refused, nothing stored
    assert response.status_code == 403, response.text
    assert customer_api("POST", body={"chat_id": chat["id"], "attachments": [ticket["upload_id"]]}).status == 422


def test_the_pages_can_ask_what_a_file_must_be_before_one_is_chosen(chat, customer_token, message_api):
    # When the chat's customer asks the rules for attachments
    response = message_api.as_(customer_token(chat["id"])).at("/uploads")("GET")

    # Then they are the deployment's: types, the largest size and the most files per message
    assert response.status == 200
    assert response.body == {
        "types": list(get_settings().attachment_types),
        "max_bytes": get_settings().max_attachment_bytes,
        "max_files": 5,
    }
    assert "text/html" not in response.body["types"]
