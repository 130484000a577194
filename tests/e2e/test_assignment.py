"""Who handles a chat: taken by an admin, shown everywhere; online for assignment."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.support.browser import (
    DESKTOP,
    PHONE,
    customer_link,
    eventually,
    sign_in,
)


def test_the_customer_sees_the_agents_name_and_the_dashboard_tells_admins_apart(
    admin_page, open_page, local_stack, chats, message_api, second_admin_token
):
    # Given a reply from the signed-in admin and one from a colleague
    chat = chats.create(name="Named Person")
    chats.send(chat["id"], "who is there?")
    chats.send(chat["id"], "Test Admin here", sender="admin")
    message_api.as_(second_admin_token)("POST", body={"chat_id": chat["id"], "content": "and a colleague"})

    # Then the customer sees each agent's name
    customer = open_page(customer_link(local_stack, chats, chat))
    expect(customer.locator(".message.theirs .sender")).to_have_text(["Test Admin", "Second Admin"])

    # And the dashboard shows both replies on the team's side, its own as "You", the colleague's
    # by name, and only the customer's on the other side
    for viewport in (DESKTOP, PHONE):
        dashboard = admin_page(viewport)
        dashboard.locator(f"[data-chat-id='{chat['id']}']").click()
        expect(dashboard.locator(".message.ours .sender")).to_have_text(["You", "Second Admin"])
        expect(dashboard.locator(".message.theirs .sender")).to_have_text(["Named Person"])
        colleague, customers = dashboard.locator(".message.ours").last, dashboard.locator(".message.theirs")
        assert _right_edge(colleague) > _right_edge(customers) + 20

    # And a reply arriving live carries its author's name too
    chats.send(chat["id"], "one more thing", sender="admin")
    expect(customer.locator(".message.theirs .sender")).to_have_text(["Test Admin", "Second Admin", "Test Admin"])


def test_a_chat_taken_by_an_admin_shows_as_theirs_everywhere_live(
    admin_page, open_page, local_stack, chats, second_admin_credentials
):
    # Given a colleague's dashboard and the customer's page open, and the admin in the chat
    chat = chats.create(name="Taken Person")
    colleague = sign_in(open_page(f"{local_stack.web_url}/admin/"), second_admin_credentials)
    customer = open_page(customer_link(local_stack, chats, chat))
    dashboard = admin_page()
    dashboard.locator(f"[data-chat-id='{chat['id']}']").click()

    # When the admin takes the chat
    dashboard.get_by_label("Handled by").select_option(label="Me (Test Admin)")

    # Then the colleague's list shows it taken, the customer sees who handles it, and the
    # admin's "Mine" shows it while the colleague's "Mine" does not
    expect(colleague.locator(f"[data-chat-id='{chat['id']}'] .assignee")).to_have_text("Test Admin")
    expect(customer.locator("#handled-by")).to_have_text("Test Admin is handling your chat.")
    dashboard.get_by_label("Whose").select_option("Mine")
    expect(dashboard.locator(f"[data-chat-id='{chat['id']}']")).to_be_visible()
    colleague.get_by_label("Whose").select_option("Mine")
    expect(colleague.locator(f"[data-chat-id='{chat['id']}']")).to_have_count(0)


def test_an_open_dashboard_counts_its_admin_online_for_assignment(admin_page, db, admin_session):
    def online():
        row = db.execute(
            "select online from public.chat_admins where user_id = %s", (admin_session["user"]["id"],)
        ).fetchone()
        return row["online"]

    # Given the admin's dashboard open, the admin is online
    dashboard = admin_page()
    assert eventually(online)

    # When the dashboard closes, its leave takes the admin offline
    dashboard.close(run_before_unload=True)
    assert eventually(lambda: not online())


def _right_edge(message: Any) -> float:
    box = message.bounding_box()
    assert box is not None
    return float(box["x"] + box["width"])
