-- One round trip per request, and every list an index walk.
--
-- 1. The API no longer asks chat_find_admin before an admin operation: each function that an
--    admin calls checks the caller itself (require_admin), in the same call as the operation.
--    A removed admin is refused at once, not after the API's cache expires.
-- 2. Keyset conditions are index conditions in generic plans too (plpgsql switches to one after
--    five calls): no `(p is null or col < p)`, which a generic plan can only filter with.
-- 3. The JSON builders are plain SQL expressions (no SET clause, no subquery), so Postgres
--    inlines them into the page query: a page of 50 is one scan, not 51 function calls. They qualify every name,
--    and run only inside the security definer functions, whose search_path is ''.

create function chat_private.require_admin(p_user_id text) returns void
language plpgsql stable security definer set search_path = '' as $$
begin
  if p_user_id is null or p_user_id !~ '^[0-9a-fA-F-]{36}$'
     or not exists (select 1 from public.chat_admins where user_id = p_user_id::uuid) then
    raise sqlstate 'PT403' using message = 'this route is for admins';
  end if;
end
$$;
revoke execute on function chat_private.require_admin(text) from public;

-- The preview of a session's last message is stored with it (kept by chat_send_message), so
-- a session's JSON needs no subquery: a subquery would stop Postgres from inlining it.
alter table public.chat_sessions add column last_message_preview text;
alter table public.chat_sessions disable trigger chat_sessions_touch_updated_at;
update public.chat_sessions s
set last_message_preview = (
  select left(m.content, 140) from public.chat_messages m where m.chat_id = s.id and m.seq = s.last_seq
)
where s.last_seq > 0;
alter table public.chat_sessions enable trigger chat_sessions_touch_updated_at;

create or replace function chat_private.session_json(s public.chat_sessions) returns jsonb
language sql stable as $$
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
    'last_message_preview', s.last_message_preview
  )
$$;

create or replace function chat_private.message_json(m public.chat_messages) returns jsonb
language sql stable as $$
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

-- The largest seq (bigint): "before nothing" as a bound an index can use.
create function chat_private.no_upper_seq() returns bigint
language sql immutable as $$ select 9223372036854775807::bigint $$;

------------------------------------------------------------------------------------------
-- Admin operations: the caller's admin status is checked here, first.
------------------------------------------------------------------------------------------
create or replace function public.chat_create_session(
  p_customer_name text,
  p_customer_email text,
  p_metadata jsonb,
  p_link_token_hash text,
  p_link_expires_at timestamptz,
  p_admin_id text
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('create_per_admin', format('create:%s', p_admin_id));
  insert into public.chat_sessions (customer_name, customer_email, metadata)
  values (nullif(btrim(p_customer_name), ''), nullif(btrim(p_customer_email), ''), p_metadata)
  returning * into s;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (s.id, decode(p_link_token_hash, 'hex'), p_link_expires_at);
  return chat_private.session_json(s);
end
$$;

create or replace function public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text,
                                                   p_link_expires_at timestamptz, p_admin_id text)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('rotate_per_admin', format('rotate:%s', p_admin_id));
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

drop function public.chat_close_session(uuid);
-- Idempotent: closing a closed chat changes nothing. Messages are kept.
create function public.chat_close_session(p_id uuid, p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
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

-- Newest activity first. Each status filter is its own statement, so each has its own index
-- ((status, last_activity_at, id) or (last_activity_at, id)) and the cursor is its bound.
create or replace function public.chat_list_sessions(
  p_status text default null,
  p_before_activity_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50,
  p_caller text default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  before_at timestamptz := coalesce(p_before_activity_at, 'infinity');
  before_id uuid := coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
  rows jsonb;
begin
  perform chat_private.require_admin(p_caller);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if p_status is not null and p_status not in ('open', 'closed') then
    raise sqlstate 'PT400' using message = 'status must be open or closed';
  end if;
  if (p_before_activity_at is null) <> (p_before_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both activity time and id';
  end if;

  if p_status is null then
    select coalesce(jsonb_agg(chat_private.session_json(page) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where (s.last_activity_at, s.id) < (before_at, before_id)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  else
    select coalesce(jsonb_agg(chat_private.session_json(page) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where s.status = p_status and (s.last_activity_at, s.id) < (before_at, before_id)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  end if;

  return chat_private.page_within_budget('sessions', rows, page_size);
end
$$;

-- An admin may read any chat; a customer (p_as_admin false) only the chat its token names,
-- which the API has checked before calling.
drop function public.chat_get_session(uuid, text);
create function public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  select * into s from public.chat_sessions where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  return chat_private.session_json(s);
end
$$;

-- Ascending seq. after_seq pages forward (catch-up after a reconnect); otherwise the newest
-- messages before before_seq (initial load, then history upward). Both walk
-- (chat_id, seq) from a bound: O(log n + page) at any depth of history.
drop function public.chat_list_messages(uuid, bigint, bigint, integer, text);
create function public.chat_list_messages(
  p_chat_id uuid,
  p_after_seq bigint,
  p_before_seq bigint,
  p_limit integer,
  p_caller text,
  p_as_admin boolean
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  before_seq bigint := coalesce(p_before_seq, chat_private.no_upper_seq());
  rows jsonb;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;

  if p_after_seq is not null then
    select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq), '[]') into rows
    from (
      select * from public.chat_messages m
      where m.chat_id = p_chat_id and m.seq > p_after_seq and m.seq < before_seq
      order by m.seq
      limit page_size + 1
    ) page;
    return chat_private.page_within_budget('messages', rows, page_size);
  end if;

  -- Newest first, so the budget keeps the newest; the page is turned back to seq order.
  select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq desc), '[]') into rows
  from (
    select * from public.chat_messages m
    where m.chat_id = p_chat_id and m.seq < before_seq
    order by m.seq desc
    limit page_size + 1
  ) page;
  return chat_private.page_within_budget('messages', rows, page_size, reversed => true);
end
$$;

-- The session row lock serializes senders of one chat: seq is last_seq + 1 with no gap,
-- and a retried client_msg_id finds its original under the same lock. An admin's message is
-- refused here unless p_sender_id is an admin.
create or replace function public.chat_send_message(
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
  if p_sender_type = 'admin' then
    perform chat_private.require_admin(p_sender_id);
  end if;
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
  set last_seq = m.seq, last_message_at = m.created_at, last_message_preview = left(m.content, 140)
  where id = p_chat_id;

  return jsonb_build_object('message', chat_private.message_json(m), 'created', true);
end
$$;

drop function public.chat_find_admin(uuid);

revoke execute on function
  public.chat_close_session(uuid, text),
  public.chat_get_session(uuid, text, boolean),
  public.chat_list_messages(uuid, bigint, bigint, integer, text, boolean)
from public, anon, authenticated;
grant execute on function
  public.chat_close_session(uuid, text),
  public.chat_get_session(uuid, text, boolean),
  public.chat_list_messages(uuid, bigint, bigint, integer, text, boolean)
to service_role;
revoke execute on function chat_private.session_json(public.chat_sessions), chat_private.message_json(public.chat_messages),
  chat_private.no_upper_seq() from public;

comment on function public.chat_close_session(uuid, text) is
  'DELETE /chat-session?id= (admin): closes a session; idempotent; messages are kept.';
comment on function public.chat_get_session(uuid, text, boolean) is
  'GET /chat-session?id= (admin, or the customer of that chat): one session.';
comment on function public.chat_list_messages(uuid, bigint, bigint, integer, text, boolean) is
  'GET /chat-message: a page of a chat''s messages in seq order (after_seq or before_seq); spends the caller''s read budget.';
comment on function chat_private.require_admin(text) is
  'Every admin route: refuses (PT403) a caller who is not in chat_admins, in the same call as the operation.';
comment on function chat_private.no_upper_seq() is
  'GET /chat-message: the bound for "no before_seq", so the keyset stays an index condition.';
