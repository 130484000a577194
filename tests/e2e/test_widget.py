"""The widget on a business's own website: a visitor starts a chat, the team answers live, a
reload or another device resumes it; a site that requires signed-in visitors, a website not on
the list and a visitor starting too many chats are refused."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, accessibility_violations, from_menu
from tests.support.visitors import SiteServer


def launcher(page):
    return page.get_by_role("button", name="Chat with support")


def widget(page):
    return page.frame_locator("iframe[title='Chat with support']")


def widget_frame(page):
    """The widget's frame itself (for what a locator cannot do, such as running axe-core in it)."""
    return page.locator("iframe[title='Chat with support']").element_handle().content_frame()


def test_a_visitor_starts_a_chat_the_team_answers_live_and_a_reload_resumes_it(
    open_page, admin_page, host_site, visitors
):
    # Given a shop whose site lists its own origin, and its page with the widget's tag
    site = visitors.site(origins=[host_site.origin], name="Boot Shop", welcome_line="Ask us about boots")
    shop = open_page(host_site.url(site["site_key"]))

    # When a visitor opens the launcher, fills in the form and starts a chat
    launcher(shop).click()
    chat = widget(shop)
    expect(chat.get_by_text("Ask us about boots")).to_be_visible()
    chat.get_by_label("Your name").fill("Vera Visitor")
    chat.get_by_label("Your message").fill("Do these boots come in 46?")
    chat.get_by_role("button", name="Start chat").click()
    expect(chat.get_by_role("log")).to_contain_text("Do these boots come in 46?")
    expect(chat.get_by_text("Live")).to_be_visible()

    # Then the team sees it in the dashboard, live, and its reply reaches the widget live
    dashboard = admin_page()
    row = dashboard.get_by_role("button", name="Vera Visitor")
    expect(row).to_be_visible()
    row.click()
    dashboard.get_by_label("Your reply").fill("Yes, in black and brown.")
    dashboard.keyboard.press("Enter")
    expect(chat.get_by_role("log")).to_contain_text("Yes, in black and brown.")

    # And a reload of the shop's page opens the same chat again
    shop.reload()
    launcher(shop).click()
    expect(widget(shop).get_by_role("log")).to_contain_text("Yes, in black and brown.")
    assert accessibility_violations(shop) == []
    assert accessibility_violations(widget_frame(shop)) == []


def test_a_verified_visitor_resumes_the_chat_on_another_device(open_page, admin_page, host_site, visitors):
    # Given a site that lets only its signed-in users chat, and one of them on a laptop
    server = SiteServer()
    site = visitors.site(origins=[host_site.origin], keys=[server], identity_mode="required")
    laptop = open_page(host_site.url(site["site_key"], identity=server.identity_token("member-7", name="Mia")))
    launcher(laptop).click()
    chat = widget(laptop)
    expect(chat.get_by_label("Your name")).to_have_count(1)
    chat.get_by_label("Your message").fill("Where is order 1234?")
    chat.get_by_role("button", name="Start chat").click()
    expect(chat.get_by_role("log")).to_contain_text("Where is order 1234?")

    # When the same member opens the shop on a phone (another browser, nothing kept)
    phone = open_page(host_site.url(site["site_key"], identity=server.identity_token("member-7")), PHONE)
    launcher(phone).click()

    # Then the chat is there, full screen
    expect(widget(phone).get_by_role("log")).to_contain_text("Where is order 1234?")
    box = phone.locator("iframe[title='Chat with support']").bounding_box()
    assert box is not None and (box["width"], box["height"]) == (PHONE["width"], PHONE["height"])

    # And the team sees the chat as the site's verified member
    dashboard = admin_page()
    dashboard.get_by_role("button", name="Mia").click()
    expect(dashboard.locator(".verified")).to_have_text("Verified")


def test_a_site_for_signed_in_members_refuses_an_anonymous_visitor(open_page, host_site, visitors):
    site = visitors.site(origins=[host_site.origin], keys=[SiteServer()], identity_mode="required")

    shop = open_page(host_site.url(site["site_key"]))
    launcher(shop).click()

    expect(widget(shop).get_by_text("Sign in to this website to chat with us.")).to_be_visible()
    expect(widget(shop).get_by_role("button", name="Start chat")).to_have_count(0)


def test_a_website_not_on_the_list_can_neither_frame_the_widget_nor_start_a_chat(
    open_page, host_site, other_site, visitors, db, local_stack
):
    # Given a site listing only the shop, and another website using its site key (and letting
    # its own scripts call our API)
    site = visitors.site(origins=[host_site.origin])
    elsewhere = open_page(
        other_site.url(site["site_key"], connect=local_stack.api_url),
        tolerate=("frame-ancestors", "Refused to frame", "CORS", "Failed to fetch", "net::ERR_FAILED", "403"),
    )

    # When the visitor there opens the launcher, and the page tries the API itself
    launcher(elsewhere).click()
    attempt = elsewhere.evaluate(
        """async ([api, site]) => {
          try {
            const answer = await fetch(`${api}/chat-session/start`, { method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ site_key: site, content: 'hi', client_msg_id: crypto.randomUUID() }) })
            return answer.status
          } catch (error) { return String(error) }
        }""",
        [local_stack.api_url, site["site_key"]],
    )

    # Then the browser refuses to show our frame there, the API call fails, and no chat exists
    frame = elsewhere.frame(url=lambda url: "/widget?" in url)
    assert frame is None or frame.evaluate("() => !window.CHAT_CONFIG")
    assert attempt == "TypeError: Failed to fetch"
    assert db.execute("select count(*) from chat_sessions where site_id = %s", (site["id"],)).fetchone()["count"] == 0


def test_a_visitor_past_the_start_limit_is_told_to_wait(open_page, host_site, visitors, rate_limit, db):
    # Given the address already started its 6 chats of the last 12 hours (and nothing before)
    rate_limit("start_per_address", 6, 43200)
    db.execute("delete from chat_private.rate_events where bucket = 'start:address:127.0.0.1'")
    site = visitors.site(origins=[host_site.origin])
    for n in range(6):
        assert visitors.start(site, f"chat {n}", origin=host_site.origin, source_ip="127.0.0.1").status == 201

    # When it starts a seventh from the widget
    shop = open_page(host_site.url(site["site_key"]), tolerate=("429",))
    launcher(shop).click()
    widget(shop).get_by_label("Your message").fill("one more")
    widget(shop).get_by_role("button", name="Start chat").click()

    # Then the form says to wait, and keeps what was written
    expect(widget(shop).get_by_role("alert")).to_have_text("That's a lot at once. Wait a few seconds, then try again.")
    expect(widget(shop).get_by_label("Your message")).to_have_value("one more")


def test_the_widget_takes_focus_when_opened_and_gives_it_back_on_escape(open_page, host_site, visitors):
    site = visitors.site(origins=[host_site.origin])
    shop = open_page(host_site.url(site["site_key"]))

    launcher(shop).click()
    expect(widget(shop).get_by_label("Your name")).to_be_focused()
    shop.keyboard.press("Escape")

    expect(launcher(shop)).to_be_focused()
    expect(shop.get_by_role("dialog", name="Chat with support")).to_be_hidden()


@pytest.mark.parametrize(("scheme", "direction"), [("dark", "ltr"), ("light", "rtl")], ids=["dark", "right-to-left"])
def test_the_widget_follows_the_hosts_colour_scheme_and_direction(open_page, host_site, visitors, scheme, direction):
    site = visitors.site(origins=[host_site.origin])
    shop = open_page(host_site.url(site["site_key"], scheme=scheme, dir=direction))

    launcher(shop).click()
    expect(widget(shop).get_by_label("Your message")).to_be_visible()

    frame = widget_frame(shop)
    background = frame.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")
    assert background == {"dark": "rgb(15, 18, 23)", "light": "rgb(245, 246, 248)"}[scheme]
    assert frame.evaluate("() => document.documentElement.dir") == ("rtl" if direction == "rtl" else "")
    sizes = frame.evaluate(
        "() => [...document.querySelectorAll('input, textarea')].map((f) => parseFloat(getComputedStyle(f).fontSize))"
    )
    assert sizes and min(sizes) >= 16
    assert accessibility_violations(frame) == []


def test_an_owner_adds_a_website_whose_tag_brings_the_chat_button_and_its_chats_filter(
    open_page, admin_page, host_site
):
    # Given an owner adding the shop as a website in the dashboard (a name no other test's site has:
    # the tests share one team)
    name = f"Tea House {uuid.uuid4().hex[:6]}"
    owner = admin_page()
    from_menu(owner, "Websites")
    sites = owner.get_by_role("dialog", name="Websites")
    sites.get_by_role("button", name="Add a website").click()
    sites.get_by_label("Name", exact=True).fill(name)
    sites.get_by_label("Origins (one per line, as https://shop.example)").fill(host_site.origin)
    sites.get_by_label("Ask for an email").select_option("required")
    sites.get_by_role("button", name="Add website").click()
    expect(sites.get_by_role("status")).to_have_text(f"{name} added.")
    tag = sites.get_by_label(f"Tag for {name}").input_value()
    site_key = re.search(r'data-site="(site_[0-9a-f]+)"', tag).group(1)
    sites.get_by_role("button", name="Done").click()

    # When the shop's page carries that tag and a visitor starts a chat there
    shop = open_page(host_site.url(site_key))
    launcher(shop).click()
    chat = widget(shop)
    chat.get_by_label("Your email").fill("tea@example.com")
    chat.get_by_label("Your message").fill("Do you have oolong?")
    chat.get_by_role("button", name="Start chat").click()
    expect(chat.get_by_role("log")).to_contain_text("Do you have oolong?")

    # Then the owner finds it by the website, and sees where it came from
    owner.get_by_label("From").select_option(label=name)
    row = owner.get_by_role("button", name="tea@example.com")
    expect(row).to_be_visible()
    row.click()
    expect(owner.locator(".from-site")).to_contain_text(f"From {name}, {host_site.origin}/shop")
    assert accessibility_violations(owner) == []
