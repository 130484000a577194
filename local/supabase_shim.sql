-- What a Supabase project provides before any migration runs, for a plain Postgres.
-- Local stack only: never deployed. Idempotent, applied at every start by the superuser
-- supabase_admin (local/database.py makes it), before the migrations run as `postgres`.
-- Sources: supabase/postgres migrations/db/init-scripts/00000000000000-initial-schema.sql,
-- 00000000000001-auth-schema.sql, migrations/db/migrations/10000000000000_demote-postgres.sql,
-- 20230529180330_alter_api_roles_for_inherit.sql, 20221028101028_set_authenticator_timeout.sql,
-- 20231130133139_set_lock_timeout_to_authenticator_role.sql; supabase/realtime
-- priv/repo/tenant_schema/realtime/{schema.sql,tables/messages.sql,functions/topic.sql}.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'postgres') then
    create role postgres login;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_realtime_admin') then
    create role supabase_realtime_admin nologin noinherit noreplication;
  end if;
end
$$;

-- The API roles inherit (20230529180330); PostgREST logs in as authenticator and switches.
alter role anon inherit;
alter role authenticated inherit;
alter role service_role inherit;
grant anon, authenticated, service_role to authenticator;

-- Short timeouts for the API roles, as every Supabase project has them.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';

-- postgres is not a superuser on a Supabase project: migrations run as this role.
alter role postgres nosuperuser createdb createrole login replication bypassrls;
do $$
begin
  execute format('alter database %I owner to postgres', current_database());
end
$$;

grant usage on schema public to postgres, anon, authenticated, service_role;
-- Whatever postgres (or supabase_admin) creates in public is open to the API roles unless a
-- migration revokes it: the default that makes a forgotten revoke a data leak.
alter default privileges for role postgres in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on sequences to postgres, anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- auth
------------------------------------------------------------------------------------------
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;
grant all on schema auth to postgres;

-- As in Supabase: the claims PostgREST (and Realtime) put into request.jwt.claims.
create or replace function auth.jwt() returns jsonb
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  aud text default 'authenticated',
  role text default 'authenticated',
  email text unique,
  encrypted_password text,
  email_confirmed_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb default '{}'::jsonb,
  raw_user_meta_data jsonb default '{}'::jsonb,
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
-- An invitation's columns (supabase/auth internal/api/mail.go, sendInvite): the hash of the
-- emailed token, when it was sent, when the invitation was made.
alter table auth.users
  add column if not exists invited_at timestamptz,
  add column if not exists confirmation_token text,
  add column if not exists confirmation_sent_at timestamptz;

-- GoTrue's sessions (one a sign-in; logout deletes them) and refresh tokens (one row per issued
-- token; rotation revokes the used one and issues its child: parent).
create table if not exists auth.sessions (
  id uuid primary key,
  user_id uuid not null references auth.users(id) on delete cascade,
  created_at timestamptz not null default now()
);
create table if not exists auth.refresh_tokens (
  id bigserial primary key,
  token text not null unique,
  user_id uuid not null references auth.users(id) on delete cascade,
  session_id uuid not null,
  revoked boolean not null default false,
  created_at timestamptz not null default now()
);
alter table auth.refresh_tokens
  add column if not exists parent text,
  add column if not exists updated_at timestamptz not null default now();
-- a session's tokens go with it (a data directory made before: tokens of no session go)
delete from auth.refresh_tokens t where not exists (select 1 from auth.sessions s where s.id = t.session_id);
do $$
begin
  if not exists (select 1 from pg_constraint where conname = 'refresh_tokens_session_id_fkey') then
    alter table auth.refresh_tokens add constraint refresh_tokens_session_id_fkey
      foreign key (session_id) references auth.sessions(id) on delete cascade;
  end if;
end
$$;

grant all on all tables in schema auth to postgres;
grant all on all sequences in schema auth to postgres;
grant all on all routines in schema auth to postgres;

-- Auth logs in as supabase_auth_admin, which owns its tables and nothing else
-- (00000000000001-auth-schema.sql): a trigger a migration puts on auth.users runs as that
-- role, so what it writes elsewhere must be a security definer's doing.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin noinherit createrole login noreplication;
  end if;
end
$$;
alter role supabase_auth_admin set search_path = auth;
grant all on schema auth to supabase_auth_admin;
alter table auth.users owner to supabase_auth_admin;
alter table auth.sessions owner to supabase_auth_admin;
alter table auth.refresh_tokens owner to supabase_auth_admin;
grant all on all tables in schema auth to supabase_auth_admin;
grant all on all sequences in schema auth to supabase_auth_admin;

------------------------------------------------------------------------------------------
-- realtime: the publication, and the table Realtime Authorization's policies live on
------------------------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;
alter publication supabase_realtime owner to postgres;

create schema if not exists realtime;
grant usage on schema realtime to postgres, anon, authenticated, service_role;

-- Realtime inserts probe rows here and asks, as the subscriber, which ones it may see or
-- write; RLS policies (ours, in migrations) decide. Partitioned by day on Supabase; one
-- plain table is the same to a policy.
create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now(),
  id uuid not null default gen_random_uuid(),
  primary key (id, inserted_at)
);
alter table realtime.messages enable row level security;
alter table realtime.messages owner to supabase_realtime_admin;
grant insert, select, update on table realtime.messages to anon, authenticated, service_role;

create or replace function realtime.topic() returns text
language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text;
$$;
alter function realtime.topic() owner to supabase_realtime_admin;
grant execute on function realtime.topic() to postgres, anon, authenticated, service_role;

-- Project owners write policies on realtime.messages from their migrations.
grant supabase_realtime_admin to postgres;

------------------------------------------------------------------------------------------
-- Where the Supabase CLI records applied migrations (it runs them as postgres).
------------------------------------------------------------------------------------------
create schema if not exists supabase_migrations authorization postgres;
alter schema supabase_migrations owner to postgres;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  name text,
  statements text[]
);
alter table supabase_migrations.schema_migrations owner to postgres;
