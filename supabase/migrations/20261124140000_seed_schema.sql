-- The seed's schema, as the original system created it. Later migrations evolve it;
-- a project that already ran the seed starts from exactly this state.

create table if not exists public.chat_sessions (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz default now(),
  status text default 'open',      -- 'open' or 'closed'
  customer_name text,
  customer_email text,
  metadata jsonb
);

create table if not exists public.chat_messages (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz default now(),
  chat_id uuid references public.chat_sessions(id),
  sender_type text,                -- 'admin' or 'customer'
  sender_id text,
  content text
);

-- Realtime fan-out, as in the seed. Guarded: a plain Postgres (or a project where the
-- table is already published) must not fail here.
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
  if not exists (
    select 1 from pg_publication_tables
    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'chat_messages'
  ) then
    alter publication supabase_realtime add table public.chat_messages;
  end if;
end
$$;
