-- Attachments: files go from the browser straight to S3 (a presigned POST the API issues);
-- a message refers to the ones it carries. Each is stored on its message as
-- {id, name, type, size, width?, height?}: Realtime delivers it with the message, RLS guards it
-- as the message, and the object's key is chats/<chat_id>/<id> (the API copied it there after
-- checking it, before the message was stored, so a message never points at a missing object).
alter table public.chat_messages
  add column attachments jsonb not null default '[]'
    check (jsonb_typeof(attachments) = 'array' and jsonb_array_length(attachments) <= 5);

-- A message may be attachments only.
alter table public.chat_messages drop constraint chat_messages_content_check;
alter table public.chat_messages add constraint chat_messages_content_check
  check (char_length(content) <= 4000
         and (btrim(content, E' \t\r\n') <> '' or jsonb_array_length(attachments) > 0));

-- Uploads per chat, both sides together: a chat cannot fill the bucket.
insert into chat_private.rate_limits (action, max_events, per_seconds) values ('upload_per_chat', 60, 600);

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
    'client_msg_id', m.client_msg_id,
    'attachments', m.attachments
  )
$$;

-- POST /chat-message/uploads: may this caller put a file into this chat now? (The chat exists,
-- is open, and its upload budget allows one more.) The API then signs the POST.
create function public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if s.status <> 'open' then
    raise sqlstate 'PT409' using message = 'chat session is closed';
  end if;
  perform chat_private.spend_for('upload_per_chat', format('upload:%s', p_chat_id));
  return jsonb_build_object('chat_id', s.id);
end
$$;
revoke execute on function public.chat_authorize_upload(uuid, text, boolean) from public, anon, authenticated;
grant execute on function public.chat_authorize_upload(uuid, text, boolean) to service_role;
comment on function public.chat_authorize_upload(uuid, text, boolean) is
  'POST /chat-message/uploads (the chat''s customer or an admin): the chat is open and its upload budget allows one more.';

-- GET /chat-message/attachment: an attachment of a message in this chat, or 404.
create function public.chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean)
returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  found_attachment jsonb;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  select a into found_attachment
  from public.chat_messages m, jsonb_array_elements(m.attachments) a
  where m.chat_id = p_chat_id and m.attachments @> jsonb_build_array(jsonb_build_object('id', p_attachment_id))
    and a ->> 'id' = p_attachment_id::text
  limit 1;
  if found_attachment is null then
    raise sqlstate 'PT404' using message = 'attachment not found';
  end if;
  return found_attachment;
end
$$;
revoke execute on function public.chat_get_attachment(uuid, uuid, text, boolean) from public, anon, authenticated;
grant execute on function public.chat_get_attachment(uuid, uuid, text, boolean) to service_role;
comment on function public.chat_get_attachment(uuid, uuid, text, boolean) is
  'GET /chat-message/attachment (the chat''s customer or an admin): one attachment of the chat''s messages.';

drop function public.chat_send_message(uuid, text, text, text, uuid);
create function public.chat_send_message(
  p_chat_id uuid,
  p_sender_type text,
  p_sender_id text,
  p_content text,
  p_client_msg_id uuid default null,
  p_attachments jsonb default '[]'
) returns jsonb
language plpgsql security definer set search_path = '' as $$
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
        raise sqlstate 'PT409' using message = 'client_msg_id was already used for a different message';
      end if;
      return jsonb_build_object('message', chat_private.message_json(m), 'created', false);
    end if;
  end if;

  if s.status <> 'open' then
    raise sqlstate 'PT409' using message = 'chat session is closed';
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
  update public.chat_sessions
  set last_seq = m.seq, last_message_at = m.created_at, last_message_preview = left(preview, 140)
  where id = p_chat_id;

  -- Whoever writes has read everything before: the sender's cursor moves to its message.
  insert into public.chat_read_cursors as c (chat_id, reader_type, reader_id, seq)
  values (p_chat_id, p_sender_type, p_sender_id, m.seq)
  on conflict (chat_id, reader_type, reader_id) do update set seq = excluded.seq, updated_at = now()
    where c.seq < excluded.seq;

  return jsonb_build_object('message', chat_private.message_json(m), 'created', true);
end
$$;
revoke execute on function public.chat_send_message(uuid, text, text, text, uuid, jsonb) from public, anon, authenticated;
grant execute on function public.chat_send_message(uuid, text, text, text, uuid, jsonb) to service_role;
comment on function public.chat_send_message(uuid, text, text, text, uuid, jsonb) is
  'POST /chat-message: stores a message (text, attachments the API has checked, or both), idempotent by client_msg_id.';
