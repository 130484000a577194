-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: others_read(uuid, boolean); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.others_read(p_chat_id uuid, p_reader_is_admin boolean) RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(max(c.seq), 0) from public.chat_read_cursors c
  where c.chat_id = p_chat_id and c.reader_type = case when p_reader_is_admin then 'customer' else 'admin' end
$$;

--
-- Name: FUNCTION others_read(p_chat_id uuid, p_reader_is_admin boolean); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.others_read(p_chat_id uuid, p_reader_is_admin boolean) IS 'GET /chat-message: how far the other side of the chat has read (others_read_seq).';

--
-- Name: FUNCTION others_read(p_chat_id uuid, p_reader_is_admin boolean); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.others_read(p_chat_id uuid, p_reader_is_admin boolean) FROM PUBLIC;
