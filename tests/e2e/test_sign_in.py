"""Signing in and out, and failures in the page's own words."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from local.admins import create_admin
from tests.support.browser import (
    from_menu,
    sign_in,
)


def test_a_failed_request_reads_as_plain_words(open_page, local_stack, admin_credentials):
    # Given the new chat dialog (the browser logs the refusals this test provokes)
    dashboard = sign_in(
        open_page(f"{local_stack.web_url}/admin/", tolerate=("status of 400", "status of 422")), admin_credentials
    )
    dashboard.get_by_role("button", name="New chat").click()

    # When the admin creates a chat with neither name nor email, then with a bad email
    dashboard.get_by_role("button", name="Create chat").click()
    alert = dashboard.get_by_role("dialog").get_by_role("alert")

    # Then it is told what to do in plain words, not the API's wording
    expect(alert).to_have_text("Enter the customer's name or email.")
    dashboard.get_by_label("Customer email").fill("ada@")
    dashboard.get_by_label("Customer email").evaluate(
        "input => { input.type = 'text' }"
    )  # past the browser's own check
    dashboard.get_by_role("button", name="Create chat").click()
    expect(alert).to_have_text("That email address doesn't look right.")


def test_signing_out_ends_this_browsers_session_only_unless_all_devices_are_asked_for(open_page, local_stack, db):
    # Given an admin signed in on two browsers
    email = f"devices-{uuid.uuid4().hex[:8]}@chat.test"
    user_id = create_admin(local_stack.database_url, email, "two devices", "Two Devices")
    laptop, phone = (sign_in(open_page(f"{local_stack.web_url}/admin/"), (email, "two devices")) for _ in range(2))

    def sessions() -> int:
        return db.execute("select count(*) as n from auth.sessions where user_id = %s", (user_id,)).fetchone()["n"]

    assert sessions() == 2

    # When the laptop signs out, Then the phone's session lives on
    from_menu(laptop, "Sign out")
    expect(laptop.get_by_role("button", name="Sign in")).to_be_visible()
    assert sessions() == 1

    # When the phone signs out on all devices, Then no session is left
    from_menu(phone, "Sign out on all devices")
    expect(phone.get_by_role("button", name="Sign in")).to_be_visible()
    assert sessions() == 0


def test_a_wrong_password_is_refused_in_plain_words(open_page, local_stack, admin_credentials):
    # Given the dashboard's sign-in form
    page = open_page(f"{local_stack.web_url}/admin/", tolerate=("status of 400",))

    # When the admin's password is mistyped
    page.get_by_label("Email", exact=True).fill(admin_credentials[0])
    page.get_by_label("Password", exact=True).fill(admin_credentials[1] + "x")
    page.get_by_role("button", name="Sign in").click()

    # Then the page says so in its own words, not Supabase Auth's
    expect(page.get_by_text("That email and password don't match. Check them and try again.")).to_be_visible()
    expect(page.get_by_text("Invalid login credentials")).to_have_count(0)
