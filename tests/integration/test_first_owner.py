"""The first owner of a new deployment: `python -m tools.first_owner`, with the project's
secret key, against the local Supabase (its RPC and its Auth invitation)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import requests

from tests.support.content import invitation_link

ROOT = Path(__file__).resolve().parents[2]


def _first_owner(local_stack, email: str, name: str = "First Owner") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.first_owner",
            "--email",
            email,
            "--name",
            name,
            "--dashboard-url",
            local_stack.admin_url,
        ],
        cwd=ROOT,
        env={"SUPABASE_URL": local_stack.supabase_url, "SUPABASE_SECRET_KEY": local_stack.keys.secret, "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_team_without_an_owner_gets_one_by_email(local_stack, owners_only, session_api):
    # Given a deployment whose team has no owner
    owners_only()
    email = f"founder-{uuid.uuid4().hex[:8]}@chat.test"

    # When the command runs with the secret key
    result = _first_owner(local_stack, email, "Founder")

    # Then Auth emails a link that signs the founder in on the dashboard as the owner
    assert result.returncode == 0, result.stderr
    landing = requests.get(invitation_link(local_stack, email), allow_redirects=False, timeout=10)
    token = landing.headers["Location"].split("access_token=")[1].split("&")[0]
    me = session_api.as_(token).at("/me")("GET").body
    assert (me["display_name"], me["role"]) == ("Founder", "owner")


def test_a_team_with_an_owner_refuses_a_second_first_owner(local_stack, admin_session, owners_only):
    owners_only(admin_session["user"]["id"])

    result = _first_owner(local_stack, f"usurper-{uuid.uuid4().hex[:8]}@chat.test")

    assert result.returncode != 0 and "has an owner already" in result.stderr


def test_the_command_needs_the_secret_key(local_stack):
    result = subprocess.run(
        [sys.executable, "-m", "tools.first_owner", "--email", "a@chat.test", "--name", "A"],
        cwd=ROOT,
        env={"SUPABASE_URL": local_stack.supabase_url, "SUPABASE_SECRET_KEY": local_stack.keys.publishable},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0 and "not invited" in result.stderr
