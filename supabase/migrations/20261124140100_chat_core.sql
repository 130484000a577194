-- Chat core: the seed's tables grow the columns, constraints and indexes the API needs,
-- and every data operation becomes one SQL function. Invariants (a closed chat takes no
-- message, gap-free per-chat seq, idempotent retries) live here so they hold whoever calls.

-- Helpers that PostgREST must not expose live outside the exposed schema.
create schema if not exists chat_private;
revoke all on schema chat_private from public;

-- New functions are not executable by everyone unless granted (Postgres' default is PUBLIC).
alter default privileges revoke execute on functions from public;

------------------------------------------------------------------------------------------
-- Sessions
------------------------------------------------------------------------------------------
alter table public.chat_sessions
  add column if not exists updated_at timestamptz not null default now(),
  add column if not exists closed_at timestamptz,
  add column if not exists last_message_at timestamptz,
  add column if not exists last_seq bigint not null default 0;

update public.chat_sessions set created_at = now() where created_at is null;
update public.chat_sessions set status = 'open' where status is null;

alter table public.chat_sessions
  alter column created_at set not null,
  alter column status set not null,
  -- "Newest activity first" is the dashboard's order; stored so one index serves it.
  add column last_activity_at timestamptz generated always as (coalesce(last_message_at, created_at)) stored,
  add constraint chat_sessions_status_check check (status in ('open', 'closed')),
  add constraint chat_sessions_closed_at_check check ((status = 'closed') = (closed_at is not null)) not valid,
  add constraint chat_sessions_customer_name_check
    check (customer_name is null or char_length(customer_name) between 1 and 200),
  add constraint chat_sessions_customer_email_check
    check (customer_email is null or (char_length(customer_email) <= 254
           and customer_email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$')),
  add constraint chat_sessions_customer_check check (coalesce(customer_name, customer_email) is not null) not valid,
  add constraint chat_sessions_metadata_check check (metadata is null or jsonb_typeof(metadata) = 'object'),
  add constraint chat_sessions_last_seq_check check (last_seq >= 0);

create index chat_sessions_activity_idx on public.chat_sessions (last_activity_at desc, id desc);
create index chat_sessions_status_activity_idx on public.chat_sessions (status, last_activity_at desc, id desc);

------------------------------------------------------------------------------------------
-- Messages
------------------------------------------------------------------------------------------
alter table public.chat_messages
  add column if not exists seq bigint,
  add column if not exists client_msg_id uuid;

-- Number messages a seed deployment already holds, then keep sessions' counters in step.
update public.chat_messages m
set seq = numbered.seq
from (
  select id, row_number() over (partition by chat_id order by created_at, id) as seq
  from public.chat_messages
) numbered
where m.id = numbered.id and m.seq is null;

update public.chat_sessions s
set last_seq = agg.last_seq, last_message_at = agg.last_message_at
from (
  select chat_id, max(seq) as last_seq, max(created_at) as last_message_at
  from public.chat_messages group by chat_id
) agg
where s.id = agg.chat_id;

update public.chat_messages set created_at = now() where created_at is null;

alter table public.chat_messages
  alter column created_at set not null,
  alter column chat_id set not null,
  alter column sender_type set not null,
  alter column content set not null,
  alter column seq set not null,
  add constraint chat_messages_sender_type_check check (sender_type in ('admin', 'customer')),
  add constraint chat_messages_content_check
    check (char_length(content) <= 4000 and btrim(content, E' \t\r\n') <> ''),
  add constraint chat_messages_seq_check check (seq >= 1),
  -- Serves every message query (by chat, ordered by seq) and guards against gaps' twin: duplicates.
  add constraint chat_messages_chat_seq_key unique (chat_id, seq),
  add constraint chat_messages_chat_client_msg_id_key unique (chat_id, client_msg_id);

------------------------------------------------------------------------------------------
-- Row Level Security and grants. The Lambdas reach data only through the functions below
-- (SECURITY DEFINER); no API role touches the tables directly.
------------------------------------------------------------------------------------------
alter table public.chat_sessions enable row level security;
alter table public.chat_messages enable row level security;

revoke all on table public.chat_sessions, public.chat_messages from public, anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Private helpers: the JSON shape of a session and of a message, written once.
------------------------------------------------------------------------------------------
create function chat_private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger chat_sessions_touch_updated_at
  before update on public.chat_sessions
  for each row execute function chat_private.touch_updated_at();

create function chat_private.session_json(s public.chat_sessions) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'id', s.id,
    'created_at', s.created_at,
    'updated_at', s.updated_at,
    'status', s.status,
    'customer_name', s.customer_name,
    'customer_email', s.customer_email,
    'metadata', s.metadata,
    'closed_at', s.closed_at,
    'last_message_at', s.last_message_at,
    'last_activity_at', s.last_activity_at,
    'last_seq', s.last_seq,
    -- seq is gap-free per chat, so the count is the last seq: no count(*) per row.
    'message_count', s.last_seq,
    'last_message_preview', (
      select left(m.content, 140) from public.chat_messages m
      where m.chat_id = s.id and m.seq = s.last_seq
    )
  )
$$;

create function chat_private.message_json(m public.chat_messages) returns jsonb
language sql immutable set search_path = '' as $$
  select jsonb_build_object(
    'id', m.id,
    'chat_id', m.chat_id,
    'seq', m.seq,
    'created_at', m.created_at,
    'sender_type', m.sender_type,
    'sender_id', m.sender_id,
    'content', m.content,
    'client_msg_id', m.client_msg_id
  )
$$;

create function chat_private.page_limit(requested integer) returns integer
language sql immutable set search_path = '' as $$
  select least(greatest(coalesce(requested, 50), 1), 200)
$$;

-- A page from up to page_size + 1 rows (the extra one only says that more exist), as
-- {<key>: [...], has_more}; reversed when the rows were fetched newest first.
create function chat_private.page_of(key text, fetched jsonb, page_size integer, reversed boolean default false)
returns jsonb
language sql immutable set search_path = '' as $$
  select jsonb_build_object(
    key, (select coalesce(jsonb_agg(item order by case when reversed then -position else position end), '[]')
          from jsonb_array_elements(fetched) with ordinality as t(item, position)
          where position <= page_size),
    'has_more', jsonb_array_length(fetched) > page_size
  )
$$;

------------------------------------------------------------------------------------------
-- The API's data operations. Errors carry PostgREST status codes: PT404 -> HTTP 404 etc.
------------------------------------------------------------------------------------------
create function public.chat_create_session(
  p_customer_name text,
  p_customer_email text,
  p_metadata jsonb default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  insert into public.chat_sessions (customer_name, customer_email, metadata)
  values (nullif(btrim(p_customer_name), ''), nullif(btrim(p_customer_email), ''), p_metadata)
  returning * into s;
  return chat_private.session_json(s);
end
$$;

create function public.chat_get_session(p_id uuid) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  select * into s from public.chat_sessions where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  return chat_private.session_json(s);
end
$$;

-- Keyset pagination on (last_activity_at, id), newest first. One row more than asked
-- tells whether another page exists.
create function public.chat_list_sessions(
  p_status text default null,
  p_before_activity_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50
) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  rows jsonb;
begin
  if p_status is not null and p_status not in ('open', 'closed') then
    raise sqlstate 'PT400' using message = 'status must be open or closed';
  end if;
  if (p_before_activity_at is null) <> (p_before_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both activity time and id';
  end if;

  select coalesce(jsonb_agg(chat_private.session_json(page) order by page.last_activity_at desc, page.id desc), '[]')
  into rows
  from (
    select * from public.chat_sessions s
    where (p_status is null or s.status = p_status)
      and (p_before_id is null or (s.last_activity_at, s.id) < (p_before_activity_at, p_before_id))
    order by s.last_activity_at desc, s.id desc
    limit page_size + 1
  ) page;

  return chat_private.page_of('sessions', rows, page_size);
end
$$;

-- Idempotent: closing a closed chat changes nothing. Messages are kept.
create function public.chat_close_session(p_id uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  update public.chat_sessions
  set status = 'closed', closed_at = now()
  where id = p_id and status = 'open'
  returning * into s;
  if not found then
    select * into s from public.chat_sessions where id = p_id;
    if not found then
      raise sqlstate 'PT404' using message = 'chat session not found';
    end if;
  end if;
  return chat_private.session_json(s);
end
$$;

-- The session row lock serializes senders of one chat: seq is last_seq + 1 with no gap,
-- and a retried client_msg_id finds its original under the same lock.
create function public.chat_send_message(
  p_chat_id uuid,
  p_sender_type text,
  p_sender_id text,
  p_content text,
  p_client_msg_id uuid default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
  m public.chat_messages;
begin
  select * into s from public.chat_sessions where id = p_chat_id for update;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;

  if p_client_msg_id is not null then
    select * into m from public.chat_messages where chat_id = p_chat_id and client_msg_id = p_client_msg_id;
    if found then
      if m.content is distinct from p_content or m.sender_type is distinct from p_sender_type
         or m.sender_id is distinct from p_sender_id then
        raise sqlstate 'PT409' using message = 'client_msg_id was already used for a different message';
      end if;
      return jsonb_build_object('message', chat_private.message_json(m), 'created', false);
    end if;
  end if;

  if s.status <> 'open' then
    raise sqlstate 'PT409' using message = 'chat session is closed';
  end if;

  insert into public.chat_messages (chat_id, sender_type, sender_id, content, seq, client_msg_id)
  values (p_chat_id, p_sender_type, p_sender_id, p_content, s.last_seq + 1, p_client_msg_id)
  returning * into m;

  update public.chat_sessions
  set last_seq = m.seq, last_message_at = m.created_at
  where id = p_chat_id;

  return jsonb_build_object('message', chat_private.message_json(m), 'created', true);
end
$$;

-- Ascending seq. after_seq pages forward (catch-up after a reconnect); otherwise the
-- newest messages before before_seq (initial load, then history upward).
create function public.chat_list_messages(
  p_chat_id uuid,
  p_after_seq bigint default null,
  p_before_seq bigint default null,
  p_limit integer default 50
) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  rows jsonb;
begin
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;

  if p_after_seq is not null then
    select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq), '[]') into rows
    from (
      select * from public.chat_messages m
      where m.chat_id = p_chat_id and m.seq > p_after_seq
        and (p_before_seq is null or m.seq < p_before_seq)
      order by m.seq
      limit page_size + 1
    ) page;
    return chat_private.page_of('messages', rows, page_size);
  end if;

  select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq desc), '[]') into rows
  from (
    select * from public.chat_messages m
    where m.chat_id = p_chat_id and (p_before_seq is null or m.seq < p_before_seq)
    order by m.seq desc
    limit page_size + 1
  ) page;
  return chat_private.page_of('messages', rows, page_size, reversed => true);
end
$$;

------------------------------------------------------------------------------------------
-- Only the server-side key (service_role) may call the API functions.
------------------------------------------------------------------------------------------
revoke execute on all functions in schema chat_private from public;
revoke execute on function
  public.chat_create_session(text, text, jsonb),
  public.chat_get_session(uuid),
  public.chat_list_sessions(text, timestamptz, uuid, integer),
  public.chat_close_session(uuid),
  public.chat_send_message(uuid, text, text, text, uuid),
  public.chat_list_messages(uuid, bigint, bigint, integer)
from public, anon, authenticated;
grant execute on function
  public.chat_create_session(text, text, jsonb),
  public.chat_get_session(uuid),
  public.chat_list_sessions(text, timestamptz, uuid, integer),
  public.chat_close_session(uuid),
  public.chat_send_message(uuid, text, text, text, uuid),
  public.chat_list_messages(uuid, bigint, bigint, integer)
to service_role;
