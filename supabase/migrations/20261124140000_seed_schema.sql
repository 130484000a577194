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

-- Locked from the moment they exist: on Supabase every new table in public is granted to
-- anon and authenticated by default, so a push that stopped after this file must not leave
-- an open table. Policies and grants come in later migrations.
alter table public.chat_sessions enable row level security;
alter table public.chat_messages enable row level security;

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
