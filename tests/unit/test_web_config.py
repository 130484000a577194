"""The pages hold no secret: one config file with public values, nothing else to fill in."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from chat_core.widget_frame import IMPORT_MAP

from tools.pages import MODULES, PAGES, WEB_DIR, config_js, content_security_policy, page_html


def test_the_config_file_carries_only_public_values():
    text = config_js("https://api.example.com/prod", "https://p.supabase.co", "sb_publishable_abc")

    config = json.loads(re.search(r"=\s*(\{.*\});", text, re.S).group(1))

    assert config == {
        "apiBaseUrl": "https://api.example.com/prod",
        "supabaseUrl": "https://p.supabase.co",
        "supabasePublishableKey": "sb_publishable_abc",
        "customerWelcomeLine": "",
        "customerClosedLine": "",
        "vapidPublicKey": "",
    }


def test_no_file_in_web_holds_a_secret():
    sources = [
        p for p in Path(WEB_DIR).rglob("*") if p.is_file() and "node_modules" not in p.parts and "dist" not in p.parts
    ]

    offenders = [
        str(p)
        for p in sources
        if re.search(r'sb_secret_|service_role|"d"\s*:|BEGIN (EC )?PRIVATE KEY', p.read_text(errors="ignore"))
    ]

    assert sources and offenders == []


def test_every_library_the_pages_import_by_name_is_served_from_the_pinned_packages():
    import_map = json.loads(IMPORT_MAP)["imports"]

    assert set(import_map) == set(MODULES)
    assert all(source.is_file() for _, source in MODULES.values())
    names = {
        match
        for folder in (*PAGES, "shared")
        for path in (Path(WEB_DIR) / folder).rglob("*.js")
        for match in re.findall(r"from '([^'./][^']*)'", path.read_text())
    }
    assert names and names <= set(import_map)


def test_the_only_inline_script_is_the_import_map_and_the_policy_allows_exactly_it():
    policy = content_security_policy(
        "https://api.example.com/prod", "https://p.supabase.co", "https://files.s3.us-east-1.amazonaws.com"
    )

    for page in PAGES:
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page_html(page), re.S)
        digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
        assert len(inline) == 1 and f"'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "connect-src 'self' https://api.example.com https://p.supabase.co wss://p.supabase.co" in policy


def test_no_page_code_evaluates_strings_or_sets_inline_styles():
    sources = [p for folder in (*PAGES, "shared") for p in (Path(WEB_DIR) / folder).rglob("*") if p.is_file()]

    offenders = [str(p) for p in sources if re.search(r"\beval\(|new Function\(|style=[\"'$]", p.read_text())]

    assert offenders == []
