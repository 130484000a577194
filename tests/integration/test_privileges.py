"""What the API roles may touch, listed object by object. Supabase grants every new object in
public to anon and authenticated by default, so an object a migration forgets to lock shows up
here as a difference, locally, before it ships."""

from __future__ import annotations

API_ROLES = ("anon", "authenticated", "service_role")
OUR_SCHEMAS = ("public", "chat_private")

PRIVILEGES_QUERY = """
with api_role(name) as (select unnest(%(roles)s::text[])),
relation_privilege as (
  select format('%%s %%s.%%s', case c.relkind when 'S' then 'sequence' when 'v' then 'view'
                                             when 'm' then 'view' else 'table' end, n.nspname, c.relname) as object,
         r.name as role,
         array(select p from unnest(case when c.relkind = 'S' then array['USAGE', 'SELECT', 'UPDATE']
                                         else array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'] end) p
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
         case when has_function_privilege(r.name, p.oid, 'EXECUTE') then array['EXECUTE'] else array[]::text[] end as granted
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
    "function chat_private.is_chat_admin()": {"authenticated": ["EXECUTE"]},
    "function chat_private.may_use_topic(text)": {"authenticated": ["EXECUTE"]},
    **{f"function public.{signature}": {"service_role": ["EXECUTE"]} for signature in (
        "chat_create_session(text, text, jsonb, text, timestamp with time zone)",
        "chat_get_session(uuid)",
        "chat_list_sessions(text, timestamp with time zone, uuid, integer)",
        "chat_close_session(uuid)",
        "chat_send_message(uuid, text, text, text, uuid)",
        "chat_list_messages(uuid, bigint, bigint, integer)",
        "chat_find_admin(uuid)",
        "chat_rotate_link(uuid, text, timestamp with time zone)",
        "chat_join(uuid, text)",
    )},
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
