-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: unread(uuid, text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.unread(p_chat_id uuid, p_admin_id text) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select count(*)::integer from (
    select 1 from public.chat_messages m
    where m.chat_id = p_chat_id
      and m.seq > coalesce((select c.seq from public.chat_read_cursors c
                            where c.chat_id = p_chat_id and c.reader_type = 'admin' and c.reader_id = p_admin_id), 0)
      and m.sender_id is distinct from p_admin_id
    limit 100
  ) unread
$$;

--
-- Name: FUNCTION unread(p_chat_id uuid, p_admin_id text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.unread(p_chat_id uuid, p_admin_id text) IS 'GET /chat-session: the calling admin''s unread count per session (messages from others after its cursor, up to 100).';

--
-- Name: FUNCTION unread(p_chat_id uuid, p_admin_id text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.unread(p_chat_id uuid, p_admin_id text) FROM PUBLIC;
