-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: session_for_admin(public.chat_sessions, text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.session_for_admin(s public.chat_sessions, p_admin_id text) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select chat_private.session_json(s)
    || jsonb_build_object('unread', chat_private.unread(s.id, p_admin_id))
    || coalesce((select chat_private.presence_json(p) from public.chat_presence p where p.chat_id = s.id),
                jsonb_build_object('customer_online', false, 'customer_seen_at', null))
$$;

--
-- Name: FUNCTION session_for_admin(s public.chat_sessions, p_admin_id text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.session_for_admin(s public.chat_sessions, p_admin_id text) IS 'GET /chat-session: a session as the calling admin sees it (its unread count, the customer''s presence).';

--
-- Name: FUNCTION session_for_admin(s public.chat_sessions, p_admin_id text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.session_for_admin(s public.chat_sessions, p_admin_id text) FROM PUBLIC;
