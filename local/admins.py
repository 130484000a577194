"""Local users and chat admins: `make admin` adds one, `make admin-token` prints a fresh
access token for the default local admin (from the running gateway, by password grant)."""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from typing import Any, Literal

import psycopg
import requests

from local.gotrue import hash_password

Role = Literal["owner", "agent"]


def create_user(database_url: str, email: str, password: str) -> uuid.UUID:
    """An Auth user (confirmed, password sign-in), or the existing one with a new password."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(
            """
            insert into auth.users (email, encrypted_password, email_confirmed_at)
            values (lower(%s), %s, now())
            on conflict (email) do update set encrypted_password = excluded.encrypted_password, updated_at = now()
            returning id
            """,
            (email, hash_password(password)),
        ).fetchone()
    if row is None:  # an upsert with returning always yields its row
        raise RuntimeError("the user upsert returned no row")
    return uuid.UUID(str(row[0]))


def make_admin(database_url: str, user_id: uuid.UUID, display_name: str, email: str, role: Role) -> None:
    """An active admin with this name and role, whatever it was before."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            """
            insert into public.chat_admins (user_id, display_name, email, role) values (%s, %s, lower(%s), %s)
            on conflict (user_id) do update set display_name = excluded.display_name, email = excluded.email,
              role = excluded.role, deactivated_at = null
            """,
            (user_id, display_name, email, role),
        )


def create_admin(database_url: str, email: str, password: str, display_name: str, role: Role = "agent") -> uuid.UUID:
    user_id = create_user(database_url, email, password)
    make_admin(database_url, user_id, display_name, email, role)
    return user_id


def password_grant(supabase_url: str, publishable_key: str, email: str, password: str) -> dict[str, Any]:
    response = requests.post(
        f"{supabase_url}/auth/v1/token",
        params={"grant_type": "password"},
        json={"email": email, "password": password},
        headers={"apikey": publishable_key},
        timeout=10,
    )
    response.raise_for_status()
    session: dict[str, Any] = response.json()
    return session


def main() -> None:
    from local.stack import dev_database, ensure_env_file

    env = {**ensure_env_file(), **os.environ}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add (or update) a chat admin")
    add.add_argument("--email", required=True)
    add.add_argument("--password", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=["owner", "agent"], default="agent")
    commands.add_parser("token", help="print a fresh access token for the default local admin")
    args = parser.parse_args()

    if args.command == "add":
        with dev_database(env) as database_url:
            user_id = create_admin(database_url, args.email, args.password, args.name, args.role)
        print(f"{args.role} {args.email} ({user_id}) can sign in")
        return
    try:
        session = password_grant(
            env["SUPABASE_URL"], env["SUPABASE_PUBLISHABLE_KEY"], env["LOCAL_ADMIN_EMAIL"], env["LOCAL_ADMIN_PASSWORD"]
        )
    except requests.RequestException as exc:
        sys.exit(f"could not sign in at {env['SUPABASE_URL']} (is `make dev` running?): {exc}")
    print(session["access_token"])


if __name__ == "__main__":
    main()
