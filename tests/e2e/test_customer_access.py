"""The customer's link: kept out of the address bar, shown again, replaced, broken."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.support.browser import (
    customer_link,
)


def test_the_link_token_leaves_the_address_bar_and_survives_a_refresh(
    admin_page, open_page, create_chat_from_dashboard
):
    link = create_chat_from_dashboard(admin_page(), "Refresh Test", "r@example.com")
    customer = open_page(link)
    expect(customer.get_by_text("Live")).to_be_visible()

    assert "token" not in customer.url and urlparse(customer.url).fragment == ""
    customer.reload()
    expect(customer.get_by_text("Live")).to_be_visible()
    expect(customer.get_by_label("Your message")).to_be_enabled()

    # And the address, bookmarked or opened in a new tab of the same browser, opens the chat too
    another_tab = customer.context.new_page()
    another_tab.goto(customer.url)
    expect(another_tab.get_by_text("Live")).to_be_visible()
    expect(another_tab.get_by_label("Your message")).to_be_enabled()


def test_an_admin_can_copy_the_same_link_again_later(admin_page, open_page, create_chat_from_dashboard):
    # Given a chat whose link dialog was closed before anyone copied the link
    dashboard = admin_page()
    link = create_chat_from_dashboard(dashboard, "Lost Link", "l@example.com")

    # When the admin asks for it again
    dashboard.get_by_role("button", name="Show link").click()

    # Then the same link shows, and it still opens the chat
    expect(dashboard.get_by_label("Customer link")).to_have_value(link)
    dashboard.get_by_role("button", name="Done").click()
    customer = open_page(link)
    expect(customer.get_by_text("Live")).to_be_visible()


def test_a_new_link_is_made_only_after_saying_the_old_one_stops_working(
    admin_page, open_page, create_chat_from_dashboard
):
    admin = admin_page()
    old_link = create_chat_from_dashboard(admin, "Link Keeper", "k@example.com")

    # When the admin asks for a new link, it is told what happens to the old one first
    admin.get_by_role("button", name="New link").click()
    dialog = admin.get_by_role("dialog", name="Make a new link?")
    expect(dialog).to_contain_text("The current link stops working at once")
    dialog.get_by_role("button", name="Cancel").click()

    # Then, cancelled, the old link still opens the chat
    customer = open_page(old_link)
    expect(customer.get_by_text("Live")).to_be_visible()

    # And confirmed, a new link is shown
    admin.get_by_role("button", name="New link").click()
    admin.get_by_role("dialog").get_by_role("button", name="Make a new link").click()
    expect(admin.get_by_label("Customer link")).not_to_have_value(old_link)


def test_a_broken_link_says_so(open_page, local_stack, chat):
    page = open_page(f"{local_stack.web_url}/chat?chatId={chat['id']}#token={'x' * 43}", refused=True)

    expect(page.get_by_role("heading", name="This chat link doesn't work")).to_be_visible()


def test_a_rotated_link_stops_working_in_the_browser(open_page, local_stack, chats, session_api):
    chat = chats.create(name="Rotated")
    old_link = customer_link(local_stack, chats, chat)
    session_api.at("/rotate-link")("POST", body={"chat_id": chat["id"]})

    page = open_page(old_link, refused=True)

    expect(page.get_by_text("replaced by a newer link")).to_be_visible()


def test_another_chats_customer_sees_nothing_even_with_a_crafted_filter(open_page, local_stack, chats, customer_token):
    # Given customer B's page, and in it a subscription crafted for chat A's rows, on the one
    # channel B's token may join
    chat_a, chat_b = chats.create(name="A")["id"], chats.create(name="B")["id"]
    page_b = open_page(f"{local_stack.web_url}/chat?chatId={chat_b}#token={chats.capabilities[chat_b]}")
    expect(page_b.get_by_text("Live")).to_be_visible()
    page_b.evaluate(
        """([url, key, token, chatA, chatB]) => new Promise((resolve) => {
            window.crafted = []
            const client = window.supabase.createClient(url, key, { accessToken: async () => token })
            client.channel(`chat:${chatB}`, { config: { private: true } }).on('postgres_changes',
              { event: '*', schema: 'public', table: 'chat_messages', filter: `chat_id=eq.${chatA}` },
              (change) => window.crafted.push(change.new))
              .on('system', {}, (message) => message.extension === 'postgres_changes' && resolve())
              .subscribe()
        })""",
        [local_stack.supabase_url, local_stack.keys.publishable, customer_token(chat_b), chat_a, chat_b],
    )

    # When A's conversation goes on, then B writes in its own chat
    chats.send(chat_a, "secret of A")
    chats.send(chat_a, "reply in A", sender="admin")
    chats.send(chat_b, "B's own words", sender="admin")

    # Then B's page shows only its own chat, and the crafted subscription received nothing
    expect(page_b.get_by_role("log")).to_contain_text("B's own words")
    assert "secret of A" not in page_b.get_by_role("log").inner_text()
    assert page_b.evaluate("window.crafted") == []
