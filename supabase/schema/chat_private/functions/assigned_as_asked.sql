-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: assigned_as_asked(public.chat_sessions, text, text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case p_assignee
    when 'me' then s.assignee_id::text = p_caller
    when 'none' then s.assignee_id is null
    else true
  end
$$;

--
-- Name: FUNCTION assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text) IS 'GET /chat-session?assignee=: is a session one the filter asks for (me, none, or any).';

--
-- Name: FUNCTION assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text) FROM PUBLIC;
