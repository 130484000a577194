-- Who said it, by name: an admin's message carries the display name its author had when it
-- was sent (the customer sees "Ada", not "Support"), stored on the row so Realtime delivers it
-- with the message. A customer's carries none (the pages name the customer from the session).
alter table public.chat_messages
  add column sender_name text check (sender_name is null or char_length(sender_name) between 1 and 100);

-- Messages sent before: their authors' names now.
update public.chat_messages m set sender_name = a.display_name
from public.chat_admins a
where m.sender_type = 'admin' and m.sender_id = a.user_id::text and m.sender_name is null;

create or replace function chat_private.message_json(m public.chat_messages) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', m.id,
    'chat_id', m.chat_id,
    'seq', m.seq,
    'created_at', m.created_at,
    'sender_type', m.sender_type,
    'sender_id', m.sender_id,
    'sender_name', m.sender_name,
    'content', m.content,
    'client_msg_id', m.client_msg_id
  )
$$;

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
  author text;
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
         or m.sender_id is distinct from p_sender_id then
        raise sqlstate 'PT409' using message = 'client_msg_id was already used for a different message';
      end if;
      return jsonb_build_object('message', chat_private.message_json(m), 'created', false);
    end if;
  end if;

  if s.status <> 'open' then
    raise sqlstate 'PT409' using message = 'chat session is closed';
  end if;

  insert into public.chat_messages (chat_id, sender_type, sender_id, sender_name, content, seq, client_msg_id)
  values (p_chat_id, p_sender_type, p_sender_id, author, p_content, s.last_seq + 1, p_client_msg_id)
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
