-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: message_json(public.chat_messages); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.message_json(m public.chat_messages) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: FUNCTION message_json(m public.chat_messages); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.message_json(m public.chat_messages) IS 'The JSON of a message in every route that returns one.';

--
-- Name: FUNCTION message_json(m public.chat_messages); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.message_json(m public.chat_messages) FROM PUBLIC;
