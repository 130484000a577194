-- Read cursors: how far each participant of a chat (each admin, the customer) has read, kept
-- on the server so every browser and device agrees, and published so the other side sees
-- "Seen" live. A cursor only moves forward.

create table public.chat_read_cursors (
  chat_id uuid not null references public.chat_sessions(id),
  reader_type text not null check (reader_type in ('admin', 'customer')),
  reader_id text not null check (char_length(reader_id) between 1 and 100),
  seq bigint not null check (seq >= 0),
  updated_at timestamptz not null default now(),
  primary key (chat_id, reader_type, reader_id)
);
alter table public.chat_read_cursors enable row level security;
-- Supabase's default privileges grant every new table to the API roles: take them back first.
revoke all on table public.chat_read_cursors from public, anon, authenticated, service_role;

-- Who may read which cursors (Realtime applies it per subscriber): as for messages, a
-- customer its own chat's, an admin every chat's. Anonymous subscribers get the key column
-- only, so Realtime sends them nothing (as for the other published tables).
grant select on table public.chat_read_cursors to authenticated;
grant select (chat_id) on table public.chat_read_cursors to anon;
create policy chat_read_cursors_read_own_chat_or_admin on public.chat_read_cursors
  for select to authenticated
  using (chat_id::text = (select auth.jwt() ->> 'chat_id') or (select chat_private.is_chat_admin()));

do $$
begin
  if not exists (
    select 1 from pg_publication_tables
    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'chat_read_cursors'
  ) then
    alter publication supabase_realtime add table public.chat_read_cursors;
  end if;
end
$$;

insert into chat_private.rate_limits (action, max_events, per_seconds) values ('mark_read_per_caller', 240, 60);

-- POST /chat-message/read. An admin's cursor is checked as the caller's (require_admin); a
-- customer's chat was checked by the API against its token. A seq not beyond the cursor
-- writes nothing (no change for Realtime to send); one beyond the chat's last message is
-- refused.
create function public.chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  last_seq bigint;
  cursor_seq bigint;
begin
  if p_reader_type = 'admin' then
    perform chat_private.require_admin(p_reader_id);
  elsif p_reader_type is distinct from 'customer' then
    raise sqlstate 'PT400' using message = 'reader_type must be admin or customer';
  end if;
  perform chat_private.spend_for('mark_read_per_caller', format('mark_read:%s', p_reader_id));
  select s.last_seq into last_seq from public.chat_sessions s where s.id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if p_seq is null or p_seq < 0 or p_seq > last_seq then
    raise sqlstate 'PT400' using message = format('seq must be between 0 and the last message (%s)', last_seq);
  end if;

  insert into public.chat_read_cursors as c (chat_id, reader_type, reader_id, seq)
  values (p_chat_id, p_reader_type, p_reader_id, p_seq)
  on conflict (chat_id, reader_type, reader_id) do update
    set seq = excluded.seq, updated_at = now()
    where c.seq < excluded.seq
  returning c.seq into cursor_seq;
  if cursor_seq is null then  -- not beyond the stored cursor: it stays
    select c.seq into cursor_seq from public.chat_read_cursors c
    where c.chat_id = p_chat_id and c.reader_type = p_reader_type and c.reader_id = p_reader_id;
  end if;
  return jsonb_build_object('chat_id', p_chat_id, 'seq', cursor_seq);
end
$$;

revoke execute on function public.chat_mark_read(uuid, text, text, bigint) from public, anon, authenticated;
grant execute on function public.chat_mark_read(uuid, text, text, bigint) to service_role;
comment on function public.chat_mark_read(uuid, text, text, bigint) is
  'POST /chat-message/read: moves the caller''s read cursor forward (never back); spends its mark-read budget.';

-- How many messages of a chat the admin has not read: from others, after its cursor; counted
-- up to 100 (a badge says "99+" beyond), so a page of sessions costs at most 50 short index walks.
create function chat_private.unread(p_chat_id uuid, p_admin_id text) returns integer
language sql stable security definer set search_path = '' as $$
  select count(*)::integer from (
    select 1 from public.chat_messages m
    where m.chat_id = p_chat_id
      and m.seq > coalesce((select c.seq from public.chat_read_cursors c
                            where c.chat_id = p_chat_id and c.reader_type = 'admin' and c.reader_id = p_admin_id), 0)
      and m.sender_id is distinct from p_admin_id
    limit 100
  ) unread
$$;
revoke execute on function chat_private.unread(uuid, text) from public;
comment on function chat_private.unread(uuid, text) is
  'GET /chat-session: the calling admin''s unread count per session (messages from others after its cursor, up to 100).';

-- Sending moves the sender's read cursor too.
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

  -- Whoever writes has read everything before: the sender's cursor moves to its message.
  insert into public.chat_read_cursors as c (chat_id, reader_type, reader_id, seq)
  values (p_chat_id, p_sender_type, p_sender_id, m.seq)
  on conflict (chat_id, reader_type, reader_id) do update set seq = excluded.seq, updated_at = now()
    where c.seq < excluded.seq;

  return jsonb_build_object('message', chat_private.message_json(m), 'created', true);
end
$$;

-- Each listed session carries the calling admin's unread count.
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
    select coalesce(jsonb_agg(chat_private.session_json(page) || jsonb_build_object('unread', chat_private.unread(page.id, p_caller)) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where (s.last_activity_at, s.id) < (before_at, before_id)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  else
    select coalesce(jsonb_agg(chat_private.session_json(page) || jsonb_build_object('unread', chat_private.unread(page.id, p_caller)) order by page.last_activity_at desc, page.id desc), '[]')
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
