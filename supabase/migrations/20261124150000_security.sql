-- Security: admins are listed Supabase Auth users; customers hold a capability link whose
-- token is stored only as a hash; Realtime subscribers read only what RLS lets them; a
-- per-chat send rate limit holds across every Lambda container.

------------------------------------------------------------------------------------------
-- Admins
------------------------------------------------------------------------------------------
create table public.chat_admins (
  user_id uuid primary key references auth.users(id) on delete cascade,
  display_name text not null check (char_length(display_name) between 1 and 100),
  email text not null check (char_length(email) <= 254),
  created_at timestamptz not null default now()
);
alter table public.chat_admins enable row level security;
revoke all on table public.chat_admins from public, anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Customers: a stable identity per chat (the token's sub) and the capability link
------------------------------------------------------------------------------------------
alter table public.chat_sessions add column customer_id uuid not null default gen_random_uuid();

create table chat_private.chat_links (
  chat_id uuid primary key references public.chat_sessions(id),
  token_hash bytea not null check (octet_length(token_hash) = 32),  -- sha256 of the token
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);

------------------------------------------------------------------------------------------
-- Per-chat send rate limit: at most max_messages within per_seconds. One row, tunable
-- without a deploy.
------------------------------------------------------------------------------------------
create table chat_private.send_rate_limit (
  singleton boolean primary key default true check (singleton),
  max_messages integer not null check (max_messages > 0),
  per_seconds integer not null check (per_seconds > 0)
);
insert into chat_private.send_rate_limit (max_messages, per_seconds) values (20, 10);

------------------------------------------------------------------------------------------
-- Who may read what (Realtime applies these per subscriber)
------------------------------------------------------------------------------------------
create function chat_private.is_chat_admin() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.chat_admins where user_id::text = auth.jwt() ->> 'sub')
$$;

grant usage on schema chat_private to authenticated;
grant execute on function chat_private.is_chat_admin() to authenticated;
grant select on table public.chat_messages, public.chat_sessions to authenticated;

-- (select …) wrappers: evaluated once per statement, not once per row.
create policy chat_messages_read_own_chat_or_admin on public.chat_messages
  for select to authenticated
  using (chat_id::text = (select auth.jwt() ->> 'chat_id') or (select chat_private.is_chat_admin()));

create policy chat_sessions_read_own_chat_or_admin on public.chat_sessions
  for select to authenticated
  using (id::text = (select auth.jwt() ->> 'chat_id') or (select chat_private.is_chat_admin()));

------------------------------------------------------------------------------------------
-- Functions
------------------------------------------------------------------------------------------
create function public.chat_find_admin(p_user_id uuid) returns jsonb
language sql stable security definer set search_path = '' as $$
  select jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name, 'email', a.email)
  from public.chat_admins a where a.user_id = p_user_id
$$;

-- Creating a chat now also issues its link: the caller passes the token's hash, never the token.
drop function public.chat_create_session(text, text, jsonb);
create function public.chat_create_session(
  p_customer_name text,
  p_customer_email text,
  p_metadata jsonb,
  p_link_token_hash text,
  p_link_expires_at timestamptz
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  insert into public.chat_sessions (customer_name, customer_email, metadata)
  values (nullif(btrim(p_customer_name), ''), nullif(btrim(p_customer_email), ''), p_metadata)
  returning * into s;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (s.id, decode(p_link_token_hash, 'hex'), p_link_expires_at);
  return chat_private.session_json(s);
end
$$;

-- A new link replaces the old one, which stops working at once.
create function public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamptz)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (p_chat_id, decode(p_link_token_hash, 'hex'), p_link_expires_at)
  on conflict (chat_id) do update
    set token_hash = excluded.token_hash, expires_at = excluded.expires_at, created_at = now();
  return chat_private.session_json(s);
end
$$;

-- The customer's exchange of a link for a session: one answer for every failure, so a
-- caller learns nothing about which chats exist.
create function public.chat_join(p_chat_id uuid, p_link_token_hash text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  select sessions.* into s
  from public.chat_sessions sessions
  join chat_private.chat_links links on links.chat_id = sessions.id
  where sessions.id = p_chat_id
    and links.token_hash = decode(p_link_token_hash, 'hex')
    and links.expires_at > now();
  if not found then
    raise sqlstate 'PT401' using message = 'this chat link is invalid, expired or was replaced';
  end if;
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id);
end
$$;

-- The rate limit holds for every writer: a message numbered seq may be stored only if the one
-- numbered seq - max_messages is older than the window. seq is gap-free, so that is one index
-- lookup, and chat_send_message already holds the session row lock. A retried client_msg_id
-- returns before inserting, so retries are never limited.
create function chat_private.enforce_send_rate_limit() returns trigger
language plpgsql set search_path = '' as $$
declare
  lim chat_private.send_rate_limit;
  window_start timestamptz;
begin
  select * into lim from chat_private.send_rate_limit;
  select created_at into window_start from public.chat_messages
  where chat_id = new.chat_id and seq = new.seq - lim.max_messages;
  if window_start is not null and window_start > now() - make_interval(secs => lim.per_seconds) then
    raise sqlstate 'PT429' using
      message = format('at most %s messages per %s seconds in one chat', lim.max_messages, lim.per_seconds),
      detail = ceil(extract(epoch from window_start + make_interval(secs => lim.per_seconds) - now()))::integer::text;
  end if;
  return new;
end
$$;

create trigger chat_messages_send_rate_limit
  before insert on public.chat_messages
  for each row execute function chat_private.enforce_send_rate_limit();

revoke execute on function
  public.chat_find_admin(uuid),
  public.chat_create_session(text, text, jsonb, text, timestamptz),
  public.chat_rotate_link(uuid, text, timestamptz),
  public.chat_join(uuid, text)
from public, anon, authenticated;
grant execute on function
  public.chat_find_admin(uuid),
  public.chat_create_session(text, text, jsonb, text, timestamptz),
  public.chat_rotate_link(uuid, text, timestamptz),
  public.chat_join(uuid, text)
to service_role;
