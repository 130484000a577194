-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_invite_admin(text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('invite_per_owner', format('invite:%s', p_admin_id));
  perform chat_private.spend_for('invite_per_team', 'invite:team');
  return chat_private.invite(p_email, p_display_name, p_role, p_admin_id::uuid);
end
$$;

--
-- Name: FUNCTION chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text) IS 'POST /chat-session/team (owner): records an invitation (or adds an existing user) before Auth sends the email.';

--
-- Name: FUNCTION chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text) TO service_role;
