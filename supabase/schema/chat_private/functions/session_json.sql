-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: session_json(public.chat_sessions); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.session_json(s public.chat_sessions) RETURNS jsonb
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
    'waiting_since', s.waiting_since,
    'site_id', s.site_id,
    'identity_sub', s.identity_sub,
    'context', s.context
  )
$$;

--
-- Name: FUNCTION session_json(s public.chat_sessions); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.session_json(s public.chat_sessions) IS 'The JSON of a session in every route that returns one.';

--
-- Name: FUNCTION session_json(s public.chat_sessions); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.session_json(s public.chat_sessions) FROM PUBLIC;
