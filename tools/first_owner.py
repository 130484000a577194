"""The first owner of a new deployment's team, by whoever holds the project's secret key:

    SUPABASE_URL=https://<ref>.supabase.co SUPABASE_SECRET_KEY=sb_secret_... \\
      python -m tools.first_owner --email you@example.com --name "Your Name" \\
      --dashboard-url https://<your pages>/admin/

Supabase Auth emails an invitation; its link signs the owner in on the dashboard, which asks
for a password. Everyone else is invited from the dashboard by an owner. Refused once the team
has an owner who has accepted (running it again before that sends the email again)."""

from __future__ import annotations

import argparse
import os
import sys

import httpx
from postgrest.exceptions import APIError
from supabase_auth.errors import AuthError

from supabase import create_client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", required=True)
    parser.add_argument("--name", required=True, help="the display name customers see")
    parser.add_argument("--dashboard-url", help="where the email's link lands (default: Auth's Site URL)")
    args = parser.parse_args()
    url, key = os.environ.get("SUPABASE_URL"), os.environ.get("SUPABASE_SECRET_KEY")
    if not url or not key:
        sys.exit("set SUPABASE_URL and SUPABASE_SECRET_KEY (the project's secret key) first")

    client = create_client(url, key)
    try:
        recorded = (
            client.rpc("chat_invite_first_owner", {"p_email": args.email, "p_display_name": args.name}).execute().data
        )
    except APIError as exc:
        sys.exit(f"not invited: {exc.message}")
    except httpx.HTTPError as exc:
        sys.exit(f"not invited: {url} is not reachable ({exc})")
    if not isinstance(recorded, dict):
        sys.exit(f"not invited: unexpected answer {recorded!r}")
    email = str(recorded["member"]["email"])
    if not recorded["send_invite"]:
        print(f"{email} already had an account: they are the team's owner now and can sign in")
        return
    try:
        client.auth.admin.invite_user_by_email(
            email, {"redirect_to": args.dashboard_url} if args.dashboard_url else None
        )
    except AuthError as exc:
        sys.exit(f"recorded, but Supabase Auth did not send the invitation ({exc}); run this again to send it")
    print(f"invitation sent to {email}: its link makes them the team's owner")


if __name__ == "__main__":
    main()
