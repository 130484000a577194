-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_send_message(uuid, text, text, text, uuid, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid DEFAULT NULL::uuid, p_attachments jsonb DEFAULT '[]'::jsonb) RETURNS jsonb
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
  -- no key update: the row's key stays, so a read cursor or note inserted meanwhile (whose
  -- foreign key takes key share on this row) is not held up, and cannot deadlock with this
  -- send's own cursor (it did, as a 503 on /chat-message/read under load).
  select * into s from public.chat_sessions where id = p_chat_id for no key update;
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

--
-- Name: FUNCTION chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb) IS 'POST /chat-message: stores a message (text, attachments the API has checked, or both), idempotent by client_msg_id.';

--
-- Name: FUNCTION chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb) TO service_role;
