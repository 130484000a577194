-- Local stack only (never a migration): the local Realtime's stand-in for the WAL. Supabase
-- Realtime polls a logical replication slot (wal2json, realtime.list_changes); here a trigger on
-- each table of the supabase_realtime publication records the change as written (the new row,
-- and the old row's replica identity: its primary key) in an unlogged table that the local
-- Realtime polls and drains as the slot is (local/realtime/changes.py). Only committed changes
-- are there to read, as in the slot. No NOTIFY: it takes a database-wide lock at commit, which
-- the WAL reader does not. The Realtime server then applies RLS per subscriber as
-- realtime.apply_rls does.

create schema if not exists local_realtime;
revoke all on schema local_realtime from public;

create unlogged table if not exists local_realtime.wal (
  id bigserial primary key,
  change jsonb not null
);

create or replace function local_realtime.capture_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  identity jsonb := '{}'::jsonb;
  key_column text;
begin
  if tg_op <> 'INSERT' then
    foreach key_column in array tg_argv loop
      identity := identity || jsonb_build_object(key_column, to_jsonb(old) -> key_column);
    end loop;
  end if;
  insert into local_realtime.wal (change) values (jsonb_build_object(
    'schema', tg_table_schema, 'table', tg_table_name, 'type', tg_op,
    'record', case when tg_op = 'DELETE' then null else to_jsonb(new) end,
    'old_record', case when tg_op = 'INSERT' then null else identity end,
    -- realtime.apply_rls formats the commit time so
    'commit_timestamp', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  ));
  return null;
end
$$;

-- One trigger per published table, its primary key columns as arguments.
do $$
declare
  published record;
begin
  for published in
    select pt.schemaname, pt.tablename, array_agg(a.attname order by k.ord) as key_columns
    from pg_publication_tables pt
    join pg_class c on c.relname = pt.tablename
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = pt.schemaname
    join pg_index i on i.indrelid = c.oid and i.indisprimary
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where pt.pubname = 'supabase_realtime'
    group by pt.schemaname, pt.tablename
  loop
    -- local_realtime_notify: its name when it sent NOTIFY (a data directory made before keeps it).
    execute format('drop trigger if exists local_realtime_notify on %I.%I', published.schemaname, published.tablename);
    execute format('drop trigger if exists local_realtime_capture on %I.%I', published.schemaname, published.tablename);
    execute format(
      'create trigger local_realtime_capture after insert or update or delete on %I.%I
       for each row execute function local_realtime.capture_change(%s)',
      published.schemaname, published.tablename,
      (select string_agg(quote_literal(col), ', ') from unnest(published.key_columns) as col)
    );
  end loop;
end
$$;

-- Who may see one change, for every subscriber at once: one call per change, as Supabase's
-- realtime.apply_rls is (supabase/realtime, the tenant migrations' apply_rls): per role, the
-- columns it may select (has_column_privilege); per subscription, its role and claims set
-- with set_config and the row checked through RLS. Returns {selectable: {role: [column]},
-- visible: [bool per claims, in order]}.
create or replace function local_realtime.apply_rls(
  p_entity regclass, p_row_check text, p_key jsonb, p_roles text[], p_claims jsonb[]
) returns jsonb
language plpgsql as $$
declare
  selectable jsonb := '{}';
  visible boolean[] := '{}';
  working_role text;
  claims jsonb;
  has_access boolean;
begin
  foreach working_role in array p_roles loop
    selectable := selectable || jsonb_build_object(working_role, (
      select coalesce(jsonb_agg(a.attname order by a.attnum), '[]')
      from pg_attribute a
      where a.attrelid = p_entity and a.attnum > 0 and not a.attisdropped
        and has_column_privilege(working_role, p_entity, a.attname, 'SELECT')
    ));
  end loop;
  foreach claims in array p_claims loop
    perform set_config('role', coalesce(claims ->> 'role', 'anon'), true),
            set_config('request.jwt.claims', claims::text, true);
    begin
      execute p_row_check into has_access using p_key;
    exception when insufficient_privilege then
      has_access := false;
    end;
    perform set_config('role', null, true);
    visible := visible || coalesce(has_access, false);
  end loop;
  return jsonb_build_object('selectable', selectable, 'visible', to_jsonb(visible));
end
$$;
revoke all on function local_realtime.apply_rls(regclass, text, jsonb, text[], jsonb[]) from public;
