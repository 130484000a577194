"""The pages hold no secret: one config file with public values, nothing else to fill in."""

from __future__ import annotations

import json
import re
from pathlib import Path

from local.web_server import WEB_DIR, config_js


def test_the_config_file_carries_only_public_values():
    text = config_js("https://api.example.com/prod", "https://p.supabase.co", "sb_publishable_abc")

    config = json.loads(re.search(r"=\s*(\{.*\});", text, re.S).group(1))

    assert config == {"apiBaseUrl": "https://api.example.com/prod", "supabaseUrl": "https://p.supabase.co",
                      "supabasePublishableKey": "sb_publishable_abc"}


def test_no_file_in_web_holds_a_secret():
    sources = [p for p in Path(WEB_DIR).rglob("*") if p.is_file() and "node_modules" not in p.parts and "dist" not in p.parts]

    offenders = [str(p) for p in sources
                 if re.search(r'sb_secret_|service_role|"d"\s*:|BEGIN (EC )?PRIVATE KEY', p.read_text(errors="ignore"))]

    assert sources and offenders == []
