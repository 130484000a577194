-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_admin_profile(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_admin_profile(p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  profile jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  select jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name, 'role', a.role,
                            'email_notifications', a.email_notifications,
                            'realtime_epoch', chat_private.realtime_epoch()) into profile
  from public.chat_admins a where a.user_id = p_admin_id::uuid;
  return profile;
end
$$;

--
-- Name: FUNCTION chat_admin_profile(p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_admin_profile(p_admin_id text) IS 'GET /chat-session/me: the calling admin''s id, display name and role.';

--
-- Name: FUNCTION chat_admin_profile(p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_admin_profile(p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_admin_profile(p_admin_id text) TO service_role;
