-- Local stack only (never a migration): how the local Realtime learns of row changes.
-- Supabase Realtime reads the WAL; here a trigger on each table of the supabase_realtime
-- publication sends NOTIFY with the row's primary key, delivered at commit. The Realtime
-- server then reads the row as each subscriber, so RLS decides who receives it.

create schema if not exists local_realtime;
revoke all on schema local_realtime from public;

create or replace function local_realtime.notify_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  changed jsonb := case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end;
  primary_key jsonb := '{}'::jsonb;
  key_column text;
begin
  foreach key_column in array tg_argv loop
    primary_key := primary_key || jsonb_build_object(key_column, changed -> key_column);
  end loop;
  perform pg_notify('local_realtime', jsonb_build_object(
    'schema', tg_table_schema, 'table', tg_table_name, 'type', tg_op,
    'pk', primary_key, 'commit_timestamp', now()
  )::text);
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
    execute format('drop trigger if exists local_realtime_notify on %I.%I', published.schemaname, published.tablename);
    execute format(
      'create trigger local_realtime_notify after insert or update or delete on %I.%I
       for each row execute function local_realtime.notify_change(%s)',
      published.schemaname, published.tablename,
      (select string_agg(quote_literal(col), ', ') from unnest(published.key_columns) as col)
    );
  end loop;
end
$$;
