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

-- The published tables a subscription names (schema and table may be '*'), and each one's
-- check of the filter, as supabase/realtime does on inserting into realtime.subscription
-- (lib/extensions/postgres_cdc_rls/subscriptions.ex create; the tenant migrations'
-- realtime.subscription_check_filters and realtime.cast): the column must exist and be
-- selectable by the subscriber's role, and the value must cast to the column's type. Returns
-- {entity: value as to_jsonb gives it} (for `in`, the array), so a filter compares typed
-- values, as realtime.check_equality_op does, not text.
create or replace function local_realtime.subscribe(
  p_schema text, p_table text, p_role text, p_column text, p_op text, p_value text
) returns jsonb
language plpgsql as $$
declare
  published record;
  entity regclass;
  col_type regtype;
  typed jsonb;
  entities jsonb := '{}';
begin
  for published in
    select pub.schemaname, pub.tablename
    from pg_publication_tables pub
    where pub.pubname = 'supabase_realtime'
      and pub.schemaname like (case p_schema when '*' then '%' else p_schema end) escape ''
      and pub.tablename like (case p_table when '*' then '%' else p_table end) escape ''
  loop
    entity := format('%I.%I', published.schemaname, published.tablename)::regclass;
    typed := null;
    col_type := null;
    if p_column is not null then
      select a.atttypid::regtype into col_type
      from pg_attribute a
      where a.attrelid = entity and a.attname = p_column and a.attnum > 0 and not a.attisdropped
        and has_column_privilege(p_role, entity, a.attnum, 'SELECT');
      if col_type is null then
        raise exception 'invalid column for filter %', p_column;
      end if;
      if p_op = 'in' then
        execute format('select to_jsonb(%L::%s[])', p_value, col_type) into typed;
        if coalesce(jsonb_array_length(typed), 0) > 100 then
          raise exception 'too many values for `in` filter. Maximum 100';
        end if;
      else
        execute format('select to_jsonb(%L::%s)', p_value, col_type) into typed;
      end if;
    end if;
    entities := entities || jsonb_build_object(published.schemaname || '.' || published.tablename, typed);
  end loop;
  return entities;
end
$$;
revoke all on function local_realtime.subscribe(text, text, text, text, text, text) from public;
