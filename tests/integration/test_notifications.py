"""Email when unread (issue 15, the claim and the outcome): which messages open a notification,
for whom, when it is due, what its digest holds, and that overlapping notifier passes send each
once. Through the real migrations and the notifier's RPC calls; SES with moto."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlsplit

import boto3
import pytest
import requests
from botocore.config import Config
from chat_core.notifier import email_for, run_pass
from jwt.utils import base64url_decode, base64url_encode
from moto import mock_aws

from local.lambda_runtime import invoke
from tests.support.database import drop_cached_settings


@pytest.fixture
def notifications(db):
    """Notifications due at once (no delay), with no other test's window left open; the
    migration's settings come back after."""
    before = db.execute("select * from chat_private.notification_settings").fetchone()
    db.execute("update chat_private.notifications set state = 'skipped' where state in ('pending', 'sending')")
    db.execute("update chat_private.notification_settings set delay_seconds = 0")
    yield db
    db.execute(
        "update chat_private.notification_settings set delay_seconds = %s, max_attempts = %s",
        (before["delay_seconds"], before["max_attempts"]),
    )


def _pass(sent: list, worker: str = "test", fail: bool = False):
    def send(notification):
        if fail:
            raise RuntimeError("SES said no")
        sent.append(notification)

    return run_pass(worker, send)


def test_support_replies_the_customer_has_not_read_make_one_digest(notifications, chats):
    # Given two replies in a chat whose customer left an email
    chat = chats.create(name="Ada", email="ada@example.com")
    chats.send(chat["id"], "First answer", sender="admin")
    chats.send(chat["id"], "Second answer", sender="admin")

    # When the notifier passes twice
    sent: list = []
    _pass(sent)
    _pass(sent)

    # Then one email went to the customer, holding both replies with the agent's name
    assert len(sent) == 1
    assert sent[0]["recipient"] == {"email": "ada@example.com", "name": "Ada", "push": []}
    assert [m["content"] for m in sent[0]["messages"]] == ["First answer", "Second answer"]
    assert email_for(sent[0])["text"].startswith("Test Admin: First answer\nTest Admin: Second answer\n")


def test_a_reply_read_before_it_is_due_is_not_emailed(notifications, chats, message_api):
    chat = chats.create(email="reader@example.com")
    seq = chats.send(chat["id"], "Already seen", sender="admin").body["message"]["seq"]
    message_api.as_(chats.customer_token(chat["id"])).at("/read")("POST", body={"chat_id": chat["id"], "seq": seq})

    sent: list = []
    _pass(sent)

    assert sent == []
    state = notifications.execute("select state from chat_private.notifications where chat_id = %s", (chat["id"],))
    assert state.fetchone()["state"] == "skipped"


def test_nothing_is_due_before_the_delay(notifications, chats):
    notifications.execute("update chat_private.notification_settings set delay_seconds = 180")
    chat = chats.create(email="later@example.com")
    chats.send(chat["id"], "Soon", sender="admin")

    sent: list = []
    result = _pass(sent)

    assert (result.claimed, sent) == (0, [])


def test_a_customer_without_an_email_and_the_sender_itself_are_never_emailed(notifications, chats):
    chat = chats.create(email=None)
    chats.send(chat["id"], "Reply to nobody's inbox", sender="admin")

    rows = notifications.execute(
        "select recipient_type from chat_private.notifications where chat_id = %s", (chat["id"],)
    )

    assert [row["recipient_type"] for row in rows] == []


def test_a_customer_message_goes_to_the_assignee_or_else_every_active_admin(
    notifications, chats, session_api, new_admin
):
    # Given an unassigned chat, and one assigned to a colleague
    colleague, _ = new_admin(name="Colleague")
    unassigned, assigned = chats.create()["id"], chats.create()["id"]
    session_api.at("/assign")("POST", body={"chat_id": assigned, "assignee_id": colleague})

    # When their customers write
    chats.send(unassigned, "Anyone there?")
    chats.send(assigned, "Hello colleague")

    # Then the first is for every active admin, the second for the colleague only
    def recipients(chat_id):
        rows = notifications.execute(
            "select recipient_id from chat_private.notifications where chat_id = %s", (chat_id,)
        )
        return {row["recipient_id"] for row in rows}

    active = {
        row["user_id"]
        for row in notifications.execute(
            "select user_id::text from public.chat_admins where deactivated_at is null and email_notifications = 'all'"
        )
    }
    assert recipients(unassigned) == active
    assert recipients(assigned) == {colleague}


def test_a_closed_chat_is_not_emailed(notifications, chats, session_api):
    chat = chats.create(email="closed@example.com")
    chats.send(chat["id"], "Bye", sender="admin")
    session_api("DELETE", query={"id": chat["id"]})

    sent: list = []
    _pass(sent)

    assert sent == []


def test_two_overlapping_passes_send_each_notification_once(notifications, chats):
    # Given 60 chats, each with a reply due
    chat_ids = {chats.create(email=f"c{n}@example.com")["id"] for n in range(60)}
    for chat_id in chat_ids:
        chats.send(chat_id, "Due now", sender="admin")

    # When two passes run at the same moment (each send takes a while)
    sent: dict[str, list] = {"a": [], "b": []}
    start = threading.Barrier(2)

    def one_pass(worker):
        def send(notification):
            time.sleep(0.005)
            sent[worker].append(notification["chat_id"])

        start.wait()
        return run_pass(worker, send, limit=1000)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one_pass, ["a", "b"]))

    # Then every chat's customer got exactly one email
    assert sorted(sent["a"] + sent["b"]) == sorted(chat_ids)


def test_a_failed_send_is_retried_later_then_given_up(notifications, chats):
    # Given a reply due, and at most 2 attempts
    notifications.execute("update chat_private.notification_settings set max_attempts = 2")
    chat = chats.create(email="bounce@example.com")
    chats.send(chat["id"], "Will fail", sender="admin")

    # When SES refuses it: the first time it is kept for later, with backoff
    first = _pass([], fail=True)
    row = notifications.execute(
        "select state, attempts, due_at > now() as later from chat_private.notifications where chat_id = %s",
        (chat["id"],),
    ).fetchone()
    assert (first.failed, row["state"], row["attempts"], row["later"]) == (1, "pending", 1, True)

    # Then, once due again and refused again, it is given up and recorded as failed
    notifications.execute("update chat_private.notifications set due_at = now() where chat_id = %s", (chat["id"],))
    _pass([], fail=True)
    final = notifications.execute(
        "select state, last_error from chat_private.notifications where chat_id = %s", (chat["id"],)
    ).fetchone()
    assert (final["state"], final["last_error"]) == ("failed", "RuntimeError: SES said no")


def test_the_scheduled_notifier_sends_the_digest_through_ses(notifications, chats, monkeypatch):
    from functions.notifier.app import lambda_handler

    # Given a reply due, and the notifier deployed with its SES identity
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("NOTIFY_FROM", "support@example.com")
    drop_cached_settings()
    chat = chats.create(name="Grace", email="grace@example.com")
    chats.send(chat["id"], "Your <order> shipped", sender="admin")

    # When the schedule invokes it
    with mock_aws():
        boto3.client("ses").verify_email_identity(EmailAddress="support@example.com")
        answer = invoke(lambda_handler, {"source": "aws.events", "detail-type": "Scheduled Event"})
        quota = boto3.client("ses").get_send_quota()
    monkeypatch.delenv("NOTIFY_FROM")
    drop_cached_settings()

    # Then SES took one email
    assert (answer["sent"], quota["SentLast24Hours"]) == (1, 1)


def test_a_pass_that_dies_after_sending_is_sent_again_by_the_next_once_its_claim_times_out(notifications, chats):
    # Given a pass that claimed a digest and sent it, then died before recording (nothing recorded)
    from chat_core import rpc

    chat = chats.create(email="twice@example.com")
    chats.send(chat["id"], "Crash in between", sender="admin")
    claimed = rpc.call("chat_claim_notifications", {"p_worker": "dead", "p_limit": 1000}, write=True)["notifications"]
    assert [n["chat_id"] for n in claimed] == [chat["id"]]

    # When the next pass comes before the claim times out, and after
    before: list = []
    _pass(before, worker="next")
    notifications.execute(
        "update chat_private.notifications set claimed_at = now() - interval '301 seconds' where chat_id = %s",
        (chat["id"],),
    )
    after: list = []
    _pass(after, worker="next")

    # Then it waits, then sends the digest again: at least once, twice after such a crash
    assert before == [] and [n["chat_id"] for n in after] == [chat["id"]]


def test_locally_the_digest_lands_in_the_mail_catcher(notifications, chats, local_stack):
    from local.mailbox import mailbox_sender

    chat = chats.create(name="Lin", email="lin@example.com")
    chats.send(chat["id"], "Local reply", sender="admin")

    run_pass("local", mailbox_sender(local_stack.gateway.mailbox, email_for))

    caught = requests.get(f"{local_stack.supabase_url}/local/mailbox", timeout=10).json()["messages"]
    assert [(m["to"], m["subject"], m["text"].splitlines()[0]) for m in caught if m["to"] == "lin@example.com"] == [
        ("lin@example.com", "You have a reply from support", "Test Admin: Local reply")
    ]


def test_the_customers_email_opens_the_chat_with_the_link_it_already_has(notifications, chats, session_api):
    # Given a reply the customer has not read
    chat = chats.create(email="button@example.com")
    chats.send(chat["id"], "Come back", sender="admin")

    # When its email is written
    sent: list = []
    _pass(sent)
    email = email_for(sent[0])

    # Then its button is the customer's own link (shown again, not replaced), which still works
    shown = session_api.at("/link")("GET", query={"id": chat["id"]}).body["link"]
    assert f"\nOpen the chat: {shown}\n" in email["text"]
    assert chats.join(chat["id"]).status == 200


def test_an_admins_email_opens_the_chat_on_the_dashboard(notifications, chats, local_stack):
    chat = chats.create()
    chats.send(chat["id"], "Hello?")

    sent: list = []
    _pass(sent)

    admin_email = next(n for n in sent if n["chat_id"] == chat["id"])
    assert (
        f"\nOpen the chat: http://localhost:{local_stack.ports.web}/admin/?chat={chat['id']}\n"
        in (email_for(admin_email)["text"])
    )


def _unsubscribe_query(email):
    """The query of the URI in the email's List-Unsubscribe header: {"token": …}."""
    return dict(parse_qsl(urlsplit(email["headers"]["List-Unsubscribe"].strip("<>")).query))


def _one_click(session_api, email, **overrides):
    """What a mail client does with the email's List-Unsubscribe headers (RFC 8058): POST the
    form List-Unsubscribe=One-Click to the header's URI, with no credential."""
    assert email["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return session_api.as_(None).at("/unsubscribe")(
        "POST",
        query={**_unsubscribe_query(email), **overrides},
        raw_body="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def test_a_customer_who_unsubscribes_in_one_click_gets_no_more_emails_about_that_chat(
    notifications, chats, session_api
):
    # Given a customer emailed about a reply, and a second chat of the same address
    chat, other = chats.create(email="stop@example.com"), chats.create(email="stop@example.com")
    chats.send(chat["id"], "First", sender="admin")
    sent: list = []
    _pass(sent)
    email = email_for(sent[0])

    # When its mail client unsubscribes in one click
    answer = _one_click(session_api, email)

    # Then later replies in that chat are not emailed, and the other chat's still are
    assert (answer.status, answer.body) == (200, {"recipient_type": "customer", "scope": "chat", "subscribed": False})
    chats.send(chat["id"], "Second", sender="admin")
    chats.send(other["id"], "Elsewhere", sender="admin")
    later: list = []
    _pass(later)
    assert [n["chat_id"] for n in later] == [other["id"]]


def test_a_customer_can_restart_the_emails_from_the_unsubscribe_page(notifications, chats, session_api):
    chat = chats.create(email="undo@example.com")
    chats.send(chat["id"], "Hi", sender="admin")
    sent: list = []
    _pass(sent)
    email = email_for(sent[0])
    _one_click(session_api, email)
    token = _unsubscribe_query(email)["token"]

    unsubscribe = session_api.as_(None).at("/unsubscribe")
    undone = unsubscribe("POST", query={"token": token}, body={"subscribed": True})
    chats.send(chat["id"], "Welcome back", sender="admin")
    again: list = []
    _pass(again)

    assert undone.body["subscribed"] is True
    assert unsubscribe("GET", query={"token": token}).body["subscribed"] is True
    assert [m["content"] for n in again for m in n["messages"]] == ["Welcome back"]


def test_an_unsubscribe_token_that_was_altered_is_refused(notifications, chats, session_api):
    # Given a customer's token, and the same token naming another chat
    chat, victim = chats.create(email="a@example.com"), chats.create(email="b@example.com")
    chats.send(chat["id"], "Hi", sender="admin")
    sent: list = []
    _pass(sent)
    token = _unsubscribe_query(email_for(sent[0]))["token"]
    subject, mac = token.split(".")
    forged_subject = base64url_decode(subject).decode().replace(chat["id"], victim["id"])
    forged = base64url_encode(forged_subject.encode()).decode() + "." + mac

    # When it is used to unsubscribe the other chat
    answer = session_api.as_(None).at("/unsubscribe")("POST", query={"token": forged}, body={"subscribed": False})

    # Then it is refused, and the other chat's customer is still emailed
    assert (answer.status, answer.body["error"]["code"]) == (401, "unauthorized")
    chats.send(victim["id"], "Still yours", sender="admin")
    later: list = []
    _pass(later)
    assert [n["chat_id"] for n in later] == [victim["id"]]


def test_an_admin_who_unsubscribes_in_one_click_turns_its_emails_off(notifications, chats, new_admin, session_api):
    # Given an admin emailed about an unassigned chat
    admin_id, admin_token = new_admin(name="Quiet")
    chat = chats.create()
    chats.send(chat["id"], "Anyone?")
    sent: list = []
    _pass(sent)
    email = email_for(next(n for n in sent if n["recipient_id"] == admin_id))

    # When it unsubscribes in one click
    answer = _one_click(session_api, email)

    # Then its account's emails are off: its profile says so, and the next customer message is not for it
    assert answer.body == {"recipient_type": "admin", "scope": "account", "subscribed": False}
    assert session_api.as_(admin_token).at("/me")("GET").body["email_notifications"] == "off"
    chats.send(chats.create()["id"], "Hello again")
    later: list = []
    _pass(later)
    assert admin_id not in {n["recipient_id"] for n in later}


def test_an_admin_who_chose_only_assigned_chats_is_not_emailed_about_unassigned_ones(
    notifications, chats, new_admin, session_api
):
    # Given an admin who chose emails about its own chats only
    admin_id, admin_token = new_admin(name="Focused")
    chosen = session_api.as_(admin_token).at("/me")("PATCH", body={"email_notifications": "assigned"})
    assert (chosen.status, chosen.body["email_notifications"]) == (200, "assigned")

    # When customers write in an unassigned chat and in one assigned to it
    unassigned, mine = chats.create()["id"], chats.create()["id"]
    session_api.at("/assign")("POST", body={"chat_id": mine, "assignee_id": admin_id})
    chats.send(unassigned, "Anyone?")
    chats.send(mine, "Hi Focused")
    sent: list = []
    _pass(sent)

    # Then it is emailed about its own chat only
    assert [n["chat_id"] for n in sent if n["recipient_id"] == admin_id] == [mine]


def test_a_preference_outside_the_choices_is_refused(session_api):
    answer = session_api.at("/me")("PATCH", body={"email_notifications": "sometimes"})

    assert (answer.status, answer.body["error"]["code"]) == (422, "validation_failed")


def _published_by_ses(event):
    """The SES events function's answer to one event, as the configuration set's SNS topic delivers it."""
    from functions.notifier.app import ses_events_handler

    return invoke(ses_events_handler, {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": json.dumps(event)}}]})


def test_an_address_ses_reports_as_bouncing_is_never_emailed_again(notifications, chats):
    # Given a reply due to a customer whose address SES then reports as a permanent bounce
    chat = chats.create(email="Gone@Example.com")
    chats.send(chat["id"], "Are you there?", sender="admin")
    bounce = {
        "eventType": "Bounce",
        "bounce": {
            "bounceType": "Permanent",
            "bounceSubType": "General",
            "bouncedRecipients": [
                {"emailAddress": "gone@example.com", "diagnosticCode": "smtp; 550 5.1.1 no such user"}
            ],
        },
        "mail": {"destination": ["gone@example.com"]},
    }
    answer = _published_by_ses(bounce)

    # When the notifier passes
    sent: list = []
    _pass(sent)

    # Then nothing is sent to it, and the notification says why
    row = notifications.execute(
        "select state, skipped_because from chat_private.notifications where chat_id = %s", (chat["id"],)
    ).fetchone()
    assert answer == {"suppressed": 1}
    assert (sent, row["state"], row["skipped_because"]) == ([], "skipped", "suppressed")


def test_a_transient_bounce_does_not_stop_the_emails(notifications, chats):
    chat = chats.create(email="full-mailbox@example.com")
    chats.send(chat["id"], "Later", sender="admin")
    bounce = {
        "eventType": "Bounce",
        "bounce": {"bounceType": "Transient", "bouncedRecipients": [{"emailAddress": "full-mailbox@example.com"}]},
    }

    answer = _published_by_ses(bounce)
    sent: list = []
    _pass(sent)

    assert answer == {"suppressed": 0}
    assert [n["chat_id"] for n in sent] == [chat["id"]]


def test_an_address_ses_refuses_as_invalid_is_given_up_at_once(notifications, chats, monkeypatch):
    from botocore.stub import Stubber
    from chat_core.config import get_settings
    from chat_core.notifier import ses_sender

    # Given a reply due to an address SES calls invalid (its BadRequestException)
    monkeypatch.setenv("NOTIFY_FROM", "support@example.com")
    drop_cached_settings()
    chat = chats.create(email="mistyped@example.con")
    chats.send(chat["id"], "Hello", sender="admin")
    ses = boto3.client("sesv2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(ses)
    stubber.add_client_error("send_email", service_error_code="BadRequestException", http_status_code=400)

    # When the notifier tries to send it
    with stubber:
        result = run_pass("test", ses_sender(get_settings(), ses))
    monkeypatch.delenv("NOTIFY_FROM")
    drop_cached_settings()

    # Then it is recorded as failed after one attempt, not retried
    row = notifications.execute(
        "select state, attempts from chat_private.notifications where chat_id = %s", (chat["id"],)
    ).fetchone()
    assert (result.failed, row["state"], row["attempts"]) == (1, "failed", 1)


def test_a_private_note_is_never_emailed(notifications, chats, message_api):
    # Given a chat whose customer left an email, and an admin's private note in it
    chat = chats.create(email="no-notes@example.com")
    message_api.at("/notes")("POST", body={"chat_id": chat["id"], "body": "Customer seems upset; refund?"})

    # When the notifier passes
    sent: list = []
    _pass(sent)

    # Then nothing was due for the customer: a note is not a message to it
    rows = notifications.execute("select id from chat_private.notifications where chat_id = %s", (chat["id"],))
    assert (sent, rows.fetchall()) == ([], [])


def test_a_digest_never_holds_a_private_note(notifications, chats, message_api):
    chat = chats.create(email="digest-notes@example.com")
    chats.send(chat["id"], "Here is your answer", sender="admin")
    message_api.at("/notes")("POST", body={"chat_id": chat["id"], "body": "Internal: VIP customer"})

    sent: list = []
    _pass(sent)

    assert [m["content"] for n in sent if n["chat_id"] == chat["id"] for m in n["messages"]] == ["Here is your answer"]
    digest = email_for(sent[0])["text"].split("\nStop emails")[0]  # not its link's random token
    assert "VIP" not in digest


@pytest.fixture
def transcripts_by_email(notifications, monkeypatch):
    """The notifier set to email transcripts on close (EMAIL_TRANSCRIPT_ON_CLOSE)."""
    monkeypatch.setenv("EMAIL_TRANSCRIPT_ON_CLOSE", "true")
    drop_cached_settings()
    yield notifications
    monkeypatch.delenv("EMAIL_TRANSCRIPT_ON_CLOSE")
    drop_cached_settings()


def _close_and_fall_due(db, session_api, chat_id):
    session_api("DELETE", query={"id": chat_id})
    db.execute(
        "update chat_private.notifications set due_at = now() where chat_id = %s and kind = 'transcript'", (chat_id,)
    )


def test_a_closed_chats_customer_is_emailed_its_transcript(transcripts_by_email, chats, session_api, message_api):
    # Given a conversation with a private note, then closed
    chat = chats.create(name="Closing Time", email="closing@example.com")
    chats.send(chat["id"], "Can I return it?")
    chats.send(chat["id"], "Yes, within 30 days.\nKeep the receipt.", sender="admin")
    message_api.at("/notes")("POST", body={"chat_id": chat["id"], "body": "Refund approved by Sam"})
    _close_and_fall_due(transcripts_by_email, session_api, chat["id"])

    # When the notifier passes
    sent: list = []
    _pass(sent)

    # Then the customer got one email: the transcript, without the note
    [mail] = [n for n in sent if n["chat_id"] == chat["id"]]
    email = email_for(mail)
    assert (mail["kind"], mail["recipient"]["email"], email["subject"]) == (
        "transcript",
        "closing@example.com",
        "Your chat transcript",
    )
    assert "] Closing Time: Can I return it?\n" in email["text"]
    assert "] Test Admin: Yes, within 30 days.\n    Keep the receipt." in email["text"]
    assert "Refund approved" not in email["text"] and "Refund approved" not in email["html"]


def test_no_transcript_is_emailed_when_the_setting_is_off_or_the_chat_was_reopened(
    notifications, chats, session_api, monkeypatch
):
    # Given two closed chats, one reopened at once; the setting off at first
    off, reopened = chats.create(email="off@example.com"), chats.create(email="reopened@example.com")
    for chat in (off, reopened):
        chats.send(chat["id"], "Thanks")
        _close_and_fall_due(notifications, session_api, chat["id"])
    session_api.at("/reopen")("POST", body={"chat_id": reopened["id"]})

    sent: list = []
    _pass(sent)

    reasons = {
        row["chat_id"]: row["skipped_because"]
        for row in notifications.execute(
            "select chat_id::text, skipped_because from chat_private.notifications where kind = 'transcript'"
            " and chat_id = any(%s::uuid[])",
            ([off["id"], reopened["id"]],),
        )
    }
    assert [n for n in sent if n.get("kind") == "transcript"] == []
    assert reasons == {off["id"]: "preference", reopened["id"]: "reopened"}


@pytest.fixture
def stubbed_ses(monkeypatch):
    """stubbed_ses() -> (an SES v2 client whose answers a test sets with botocore's Stubber, the
    stubber), with the notifier's sender identity set."""
    from botocore.stub import Stubber

    monkeypatch.setenv("NOTIFY_FROM", "support@example.com")
    drop_cached_settings()
    ses = boto3.client("sesv2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    yield ses, Stubber(ses)
    monkeypatch.delenv("NOTIFY_FROM")
    drop_cached_settings()


def _states(db, chat_ids):
    rows = db.execute(
        "select chat_id::text, state, attempts from chat_private.notifications where chat_id = any(%s::uuid[])",
        (chat_ids,),
    ).fetchall()
    return {row["chat_id"]: (row["state"], row["attempts"]) for row in rows}


def test_ses_throttling_stops_the_pass_and_keeps_the_claims_for_a_later_one(notifications, chats, stubbed_ses):
    from chat_core.config import get_settings
    from chat_core.notifier import ses_sender

    # Given three replies due, and SES that takes one email, then says the rate is spent
    ses, stubber = stubbed_ses
    created = [chats.create(email=f"throttled{n}@example.com")["id"] for n in range(3)]
    for chat_id in created:
        chats.send(chat_id, "Hello", sender="admin")
    stubber.add_response("send_email", {"MessageId": "one"})
    stubber.add_client_error("send_email", service_error_code="TooManyRequestsException", http_status_code=429)

    # When the notifier passes
    with stubber:
        result = run_pass("test", ses_sender(get_settings(), ses))

    # Then it stopped at the throttle: one sent, two left claimed with no failure recorded (a
    # later pass takes them once the claim times out), and SES was not called again in this pass
    # (the stubber would have refused a third call)
    assert (result.sent, result.failed, result.throttled) == (1, 0, 2)
    assert sorted(state for state, _ in _states(notifications, created).values()) == ["sending", "sending", "sent"]
    notifications.execute(
        "update chat_private.notifications set claimed_at = now() - interval '301 seconds'"
        " where chat_id = any(%s::uuid[]) and state = 'sending'",
        (created,),
    )
    later: list = []
    _pass(later)
    assert len([n for n in later if n["chat_id"] in created]) == 2


def test_an_email_ses_rejects_is_marked_failed_and_the_pass_goes_on(notifications, chats, stubbed_ses):
    from chat_core.config import get_settings
    from chat_core.notifier import ses_sender

    # Given two replies due; SES rejects the first (a sandbox's unverified recipient) and takes the second
    ses, stubber = stubbed_ses
    first, second = (chats.create(email=f"rejected{n}@example.com")["id"] for n in range(2))
    for chat_id in (first, second):
        chats.send(chat_id, "Hello", sender="admin")
        time.sleep(0.01)  # due in this order
    stubber.add_client_error(
        "send_email",
        service_error_code="MessageRejected",
        service_message="Email address is not verified.",
        http_status_code=400,
    )
    stubber.add_response("send_email", {"MessageId": "two"})

    # When the notifier passes
    with stubber:
        result = run_pass("test", ses_sender(get_settings(), ses))

    # Then the rejected one is failed after one attempt, never retried, and the next one went
    assert (result.sent, result.failed) == (1, 1)
    assert _states(notifications, [first, second]) == {first: ("failed", 1), second: ("sent", 1)}


def test_the_scheduled_notifier_emails_through_ses_into_the_mail_catcher(
    notifications, chats, local_stack, monkeypatch
):
    # Given a reply the customer has not read, and the notifier deployed here with its sender
    monkeypatch.setenv("NOTIFY_FROM", "support@chat.test")
    chat = chats.create(name="Sol", email="sol@example.com")
    chats.send(chat["id"], "Scheduled reply", sender="admin")

    # When its schedule runs it, as make dev does (its own environment, SES as the sender)
    scheduled = local_stack.schedule_notifier(period_s=1.0)
    try:
        deadline = time.monotonic() + 30
        caught: list = []
        while not caught and time.monotonic() < deadline:
            time.sleep(0.2)
            mail = requests.get(f"{local_stack.supabase_url}/local/mailbox", timeout=10).json()["messages"]
            caught = [m for m in mail if m["to"] == "sol@example.com"]
        # The run that sent it goes on (pushes, retention) before it ends: wait for its outcome.
        while not any(i.outcome == "succeeded" for i in scheduled.invocations) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        scheduled.stop()

    # Then the digest went through SES (the local one) into the catcher, by a run that succeeded
    assert [m["subject"] for m in caught] == ["You have a reply from support"]
    assert any(i.outcome == "succeeded" for i in scheduled.invocations)


@pytest.fixture
def ses_sandbox(local_stack):
    """The local SES account in the sandbox, support@chat.test verified; out of it after."""
    from local.ses import SesAccount

    account = local_stack.gateway.ses.account
    local_stack.gateway.ses.account = SesAccount.in_sandbox({"support@chat.test"})
    yield boto3.client(
        "sesv2",
        config=Config(retries={"total_max_attempts": 1}),  # see each refusal, not botocore's retries
        endpoint_url=f"{local_stack.supabase_url}/local/ses",
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 -- the local stack's, not a secret
    )
    local_stack.gateway.ses.account = account


def _email_to(ses, recipient: str) -> None:
    ses.send_email(
        FromEmailAddress="support@chat.test",
        Destination={"ToAddresses": [recipient]},
        Content={"Simple": {"Subject": {"Data": "Hi"}, "Body": {"Text": {"Data": "Hello"}}}},
    )


def test_ses_in_the_sandbox_refuses_an_unverified_recipient(ses_sandbox):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as refused:
        _email_to(ses_sandbox, "stranger@example.com")

    assert refused.value.response["Error"]["Code"] == "MessageRejected"
    assert "stranger@example.com" in refused.value.response["Error"]["Message"]


def test_ses_in_the_sandbox_sends_one_email_a_second(ses_sandbox):
    from botocore.exceptions import ClientError

    _email_to(ses_sandbox, "support@chat.test")
    with pytest.raises(ClientError) as throttled:
        _email_to(ses_sandbox, "support@chat.test")

    assert throttled.value.response["Error"]["Code"] == "TooManyRequestsException"
