-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: admin_routed(public.chat_admins, public.chat_sessions); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.admin_routed(a public.chat_admins, s public.chat_sessions) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select a.deactivated_at is null and (s.assignee_id is null or s.assignee_id = a.user_id)
$$;

--
-- Name: FUNCTION admin_routed(a public.chat_admins, s public.chat_sessions); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.admin_routed(a public.chat_admins, s public.chat_sessions) FROM PUBLIC;
