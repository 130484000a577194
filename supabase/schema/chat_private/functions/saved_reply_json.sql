-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: saved_reply_json(chat_private.saved_replies); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.saved_reply_json(r chat_private.saved_replies) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select jsonb_build_object('id', r.id, 'title', r.title, 'body', r.body, 'updated_at', r.updated_at)
$$;

--
-- Name: FUNCTION saved_reply_json(r chat_private.saved_replies); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.saved_reply_json(r chat_private.saved_replies) IS 'The JSON of a saved reply in every route that returns one.';

--
-- Name: FUNCTION saved_reply_json(r chat_private.saved_replies); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.saved_reply_json(r chat_private.saved_replies) FROM PUBLIC;
