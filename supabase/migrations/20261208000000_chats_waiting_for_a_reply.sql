-- Chats waiting for the team's reply: since when a customer has waited (its first message
-- since the team last wrote; none once the team replies or the chat closes), the dashboard's
-- list of them, oldest wait first, and how many there are.

alter table public.chat_sessions add column waiting_since timestamptz;
comment on column public.chat_sessions.waiting_since is
  'When the customer''s first message since the team last wrote arrived; null when nobody waits (a reply, closed).';

-- Open chats whose last word is the customer's wait since their first message after the team's last.
update public.chat_sessions s
set waiting_since = waiting.since
from (
  select m.chat_id, min(m.created_at) as since
  from public.chat_messages m
  where m.sender_type = 'customer'
    and m.seq > coalesce((select max(a.seq) from public.chat_messages a
                          where a.chat_id = m.chat_id and a.sender_type = 'admin'), 0)
  group by m.chat_id
) waiting
where s.id = waiting.chat_id and s.status = 'open';

create index chat_sessions_waiting on public.chat_sessions (waiting_since, id) where waiting_since is not null;

CREATE OR REPLACE FUNCTION chat_private.session_json(s public.chat_sessions) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
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
    'last_message_preview', s.last_message_preview,
    'assignee_id', s.assignee_id,
    'assignee_name', s.assignee_name,
    'waiting_since', s.waiting_since
  )
$$;

CREATE OR REPLACE FUNCTION public.chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid DEFAULT NULL::uuid, p_attachments jsonb DEFAULT '[]'::jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  m public.chat_messages;
  author text;
  preview text;
begin
  if p_sender_type = 'admin' then
    perform chat_private.require_admin(p_sender_id);
    select a.display_name into author from public.chat_admins a where a.user_id = p_sender_id::uuid;
  end if;
  select * into s from public.chat_sessions where id = p_chat_id for update;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;

  if p_client_msg_id is not null then
    select * into m from public.chat_messages where chat_id = p_chat_id and client_msg_id = p_client_msg_id;
    if found then
      if m.content is distinct from p_content or m.sender_type is distinct from p_sender_type
         or m.sender_id is distinct from p_sender_id
         or (select coalesce(jsonb_agg(a -> 'id'), '[]') from jsonb_array_elements(m.attachments) a)
            is distinct from
            (select coalesce(jsonb_agg(a -> 'id'), '[]') from jsonb_array_elements(coalesce(p_attachments, '[]')) a) then
        raise sqlstate 'PT409' using message = 'client_msg_id was already used for a different message',
          hint = 'client_msg_id_reused';
      end if;
      return jsonb_build_object('message', chat_private.message_json(m), 'created', false);
    end if;
  end if;

  if s.status <> 'open' then
    raise sqlstate 'PT409' using message = 'chat session is closed', hint = 'chat_closed';
  end if;

  insert into public.chat_messages
    (chat_id, sender_type, sender_id, sender_name, content, seq, client_msg_id, attachments)
  values
    (p_chat_id, p_sender_type, p_sender_id, author, p_content, s.last_seq + 1, p_client_msg_id,
     coalesce(p_attachments, '[]'))
  returning * into m;

  -- An attachments-only message is previewed by its files' names.
  preview := coalesce(nullif(left(m.content, 140), ''),
                      (select '📎 ' || string_agg(a ->> 'name', ', ') from jsonb_array_elements(m.attachments) a));
  -- The customer waits from its first message since the team last wrote; a reply ends the wait.
  update public.chat_sessions
  set last_seq = m.seq, last_message_at = m.created_at, last_message_preview = left(preview, 140),
      waiting_since = case when p_sender_type = 'customer' then coalesce(s.waiting_since, m.created_at) end
  where id = p_chat_id;

  -- Whoever writes has read everything before: the sender's cursor moves to its message.
  insert into public.chat_read_cursors as c (chat_id, reader_type, reader_id, seq)
  values (p_chat_id, p_sender_type, p_sender_id, m.seq)
  on conflict (chat_id, reader_type, reader_id) do update set seq = excluded.seq, updated_at = now()
    where c.seq < excluded.seq;

  return jsonb_build_object('message', chat_private.message_json(m), 'created', true);
end
$$;

CREATE OR REPLACE FUNCTION public.chat_close_session(p_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('close_per_admin', format('close:%s', p_admin_id));
  update public.chat_sessions
  set status = 'closed', closed_at = now(), waiting_since = null
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

CREATE FUNCTION public.chat_list_waiting(p_after_since timestamptz DEFAULT NULL, p_after_id uuid DEFAULT NULL,
                                         p_limit integer DEFAULT 50, p_caller text DEFAULT NULL,
                                         p_assignee text DEFAULT NULL) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  after_since timestamptz := coalesce(p_after_since, '-infinity');
  after_id uuid := coalesce(p_after_id, '00000000-0000-0000-0000-000000000000');
  rows jsonb;
  waiting bigint;
begin
  perform chat_private.require_admin(p_caller);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if p_assignee is not null and p_assignee not in ('me', 'none') then
    raise sqlstate 'PT400' using message = 'assignee must be me or none';
  end if;
  if (p_after_since is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both waiting time and id';
  end if;

  -- Closing a chat ends its wait, so every row of the partial index is an open chat.
  select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.waiting_since, page.id), '[]')
  into rows
  from (
    select * from public.chat_sessions s
    where s.waiting_since is not null and (s.waiting_since, s.id) > (after_since, after_id)
      and chat_private.assigned_as_asked(s, p_assignee, p_caller)
    order by s.waiting_since, s.id
    limit page_size + 1
  ) page;
  select count(*) into waiting from public.chat_sessions s
  where s.waiting_since is not null and chat_private.assigned_as_asked(s, p_assignee, p_caller);

  return chat_private.page_within_budget('sessions', rows, page_size) || jsonb_build_object('waiting_count', waiting);
end
$$;

COMMENT ON FUNCTION public.chat_list_waiting(p_after_since timestamptz, p_after_id uuid, p_limit integer, p_caller text, p_assignee text)
  IS 'GET /chat-session?waiting=true (admin): the open chats waiting for the team''s reply, oldest wait first, and how many (optionally by assignee).';
REVOKE ALL ON FUNCTION public.chat_list_waiting(p_after_since timestamptz, p_after_id uuid, p_limit integer, p_caller text, p_assignee text) FROM PUBLIC, anon, authenticated;
GRANT ALL ON FUNCTION public.chat_list_waiting(p_after_since timestamptz, p_after_id uuid, p_limit integer, p_caller text, p_assignee text) TO service_role;
