"""What the API roles may touch, listed object by object. Supabase grants every new object in
public to anon and authenticated by default, so an object a migration forgets to lock shows up
here as a difference, locally, before it ships."""

from __future__ import annotations

import psycopg

from local.database import as_role

API_ROLES = ("anon", "authenticated", "service_role")
OUR_SCHEMAS = ("public", "chat_private")

PRIVILEGES_QUERY = """
with api_role(name) as (select unnest(%(roles)s::text[])),
relation_privilege as (
  select format('%%s %%s.%%s', case c.relkind when 'S' then 'sequence' when 'v' then 'view'
                                             when 'm' then 'view' else 'table' end, n.nspname, c.relname) as object,
         r.name as role,
         array(select p from unnest(case when c.relkind = 'S' then array['USAGE', 'SELECT', 'UPDATE']
                                         else array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE',
                                                    'REFERENCES', 'TRIGGER'] end) p
               where case when c.relkind = 'S' then has_sequence_privilege(r.name, c.oid, p)
                          else has_table_privilege(r.name, c.oid, p) end) ||
         array(select format('SELECT (%%s)', a.attname) from pg_attribute a
               where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and c.relkind <> 'S'
                 and not has_table_privilege(r.name, c.oid, 'SELECT')
                 and has_column_privilege(r.name, c.oid, a.attname, 'SELECT')) as granted
  from pg_class c join pg_namespace n on n.oid = c.relnamespace cross join api_role r
  where n.nspname = any(%(schemas)s) and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
),
function_privilege as (
  select format('function %%s.%%s(%%s)', n.nspname, p.proname, oidvectortypes(p.proargtypes)) as object, r.name as role,
         case when has_function_privilege(r.name, p.oid, 'EXECUTE') then array['EXECUTE']
              else array[]::text[] end as granted
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace cross join api_role r
  where n.nspname = any(%(schemas)s)
)
select object, role, granted from relation_privilege where cardinality(granted) > 0
union all
select object, role, granted from function_privilege where cardinality(granted) > 0
"""

# Tables are read by browsers only through Realtime under RLS; everything else goes through
# the API's functions, which only the server's key may call.
INTENDED = {
    "table public.chat_messages": {"anon": ["SELECT (id)"], "authenticated": ["SELECT"]},
    "table public.chat_sessions": {"anon": ["SELECT (id)"], "authenticated": ["SELECT"]},
    "table public.chat_read_cursors": {"anon": ["SELECT (chat_id)"], "authenticated": ["SELECT"]},
    "table public.chat_presence": {"anon": ["SELECT (chat_id)"], "authenticated": ["SELECT"]},
    "table public.chat_realtime_epoch": {"anon": ["SELECT (singleton)"], "authenticated": ["SELECT"]},
    "function chat_private.realtime_epoch()": {"authenticated": ["EXECUTE"]},
    "function chat_private.topic_room(text)": {"authenticated": ["EXECUTE"]},
    "table public.chat_notes": {"anon": ["SELECT (id)"], "authenticated": ["SELECT"]},
    # An admin's own access, for its dashboard to hear a change to it (RLS: its own row only).
    "table public.chat_admins": {"authenticated": ["SELECT (deactivated_at)", "SELECT (role)", "SELECT (user_id)"]},
    "function chat_private.is_chat_admin()": {"authenticated": ["EXECUTE"]},
    # Sites, for admins (RLS): the dashboard names the site a chat came from.
    "table public.chat_sites": {"authenticated": ["SELECT"]},
    "function chat_private.may_use_topic(text)": {"authenticated": ["EXECUTE"]},
    "function chat_private.may_write_topic(text)": {"authenticated": ["EXECUTE"]},
    **{
        f"function public.{signature}": {"service_role": ["EXECUTE"]}
        for signature in (
            "chat_create_session(uuid, text, text, jsonb, text, timestamp with time zone, text, boolean)",
            "chat_admin_online(text, boolean)",
            "chat_current_link(uuid, text)",
            "chat_get_session(uuid, text, boolean)",
            "chat_list_sessions(text, timestamp with time zone, uuid, integer, text, text, uuid)",
            "chat_list_waiting(timestamp with time zone, uuid, integer, text, text, uuid)",
            "chat_set_team_settings(text, text)",
            "chat_assign(uuid, uuid, text)",
            "chat_list_admins(text)",
            "chat_search_sessions(text, text, text, numeric, uuid, integer, text, uuid)",
            "chat_close_session(uuid, text)",
            "chat_reopen_session(uuid, text)",
            "chat_send_message(uuid, text, text, text, uuid, jsonb)",
            "chat_authorize_upload(uuid, text, boolean)",
            "chat_claim_notifications(text, integer, boolean)",
            "chat_record_notification(bigint, text, boolean, text, boolean, boolean)",
            "chat_save_push_subscription(text, boolean, uuid, text, text, text)",
            "chat_delete_push_subscription(text, boolean, text)",
            "chat_push_outcome(bigint[], bigint[])",
            "chat_transcript_messages(uuid, bigint, text, boolean)",
            "chat_customer_chats(text, text, text)",
            "chat_export_chats(timestamp with time zone, timestamp with time zone, timestamp with time zone, uuid, text, text)",  # noqa: E501
            "chat_export_messages(uuid[], integer, bigint, text)",
            "chat_forget_export(text, text)",
            "chat_erase_customer(text, uuid[], integer, text)",
            "chat_retention_due(integer, integer)",
            "chat_erase_expired(uuid[], integer, integer)",
            "chat_suppress_email(text, text, text)",
            "chat_email_subscription(text, text, uuid, boolean)",
            "chat_set_admin_preferences(text, text)",
            "chat_get_attachment(uuid, uuid, text, boolean)",
            "chat_list_messages(uuid, bigint, bigint, integer, text, boolean)",
            "chat_rotate_link(uuid, text, timestamp with time zone, text)",
            "chat_join(uuid, text, text)",
            "chat_renew_customer(uuid, uuid, text)",
            "chat_mark_read(uuid, text, text, bigint)",
            "chat_note_presence(uuid, boolean)",
            "chat_admin_profile(text)",
            "chat_list_saved_replies(text, text, uuid, integer)",
            "chat_add_note(uuid, text, text)",
            "chat_list_notes(uuid, text, timestamp with time zone, uuid, integer)",
            "chat_save_reply(uuid, text, text, text)",
            "chat_delete_reply(uuid, text)",
            "chat_list_team(text)",
            "chat_invite_admin(text, text, text, text)",
            "chat_invite_first_owner(text, text)",
            "chat_update_admin(text, uuid, text, text, boolean)",
            "chat_list_sites(text)",
            "chat_save_site(text, uuid, jsonb)",
            "chat_add_site_key(text, uuid, text, jsonb)",
            "chat_remove_site_key(text, uuid, text)",
            "chat_site_for_visitor(text, text)",
            "chat_site_origins(text)",
            "chat_resume_visitor(text, text, text, text, text, uuid, uuid, text)",
            "chat_forget_visitor(text, text, text, text)",
            "chat_start_visitor_chat(text, text, text, text, uuid, text, text, uuid, text, text, text, uuid, jsonb, text, timestamp with time zone, boolean)",  # noqa: E501
        )
    },
}


def test_the_api_roles_reach_exactly_the_intended_objects(db):
    # Given every table, view, sequence and function in our schemas
    rows = db.execute(PRIVILEGES_QUERY, {"roles": list(API_ROLES), "schemas": list(OUR_SCHEMAS)}).fetchall()

    # When their privileges for anon, authenticated and service_role are listed
    granted: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        granted.setdefault(row["object"], {})[row["role"]] = sorted(row["granted"])

    # Then they are exactly the intended ones
    assert granted == INTENDED


def test_migrations_run_as_a_postgres_that_is_not_a_superuser(db):
    # As on a Supabase project: postgres owns what the migrations made, and bypasses RLS, but
    # is no superuser (supabase_admin is)
    role = db.execute("select rolsuper, rolbypassrls from pg_roles where rolname = 'postgres'").fetchone()
    owners = db.execute("select distinct tableowner from pg_tables where schemaname = 'public'").fetchall()

    assert role == {"rolsuper": False, "rolbypassrls": True}
    assert owners == [{"tableowner": "postgres"}]


def test_a_table_a_migration_forgets_to_lock_is_open_to_the_browser_roles(local_stack):
    # Given a migration (run as postgres) that creates a table and forgets to revoke
    with psycopg.connect(as_role(local_stack.server_url, "postgres"), autocommit=True) as conn:
        conn.execute("create table public.forgotten_to_lock (id int)")
        try:
            # Then, as on Supabase, anyone with the publishable key may read and write it
            granted = conn.execute(
                "select has_table_privilege('anon', 'public.forgotten_to_lock', 'SELECT'),"
                " has_table_privilege('authenticated', 'public.forgotten_to_lock', 'INSERT')"
            ).fetchone()
        finally:
            conn.execute("drop table public.forgotten_to_lock")
    assert granted == (True, True)
