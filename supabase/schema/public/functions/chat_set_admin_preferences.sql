-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_set_admin_preferences(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('preferences_per_admin', format('preferences:%s', p_admin_id));
  if p_email_notifications is null or p_email_notifications not in ('all', 'assigned', 'off') then
    raise sqlstate 'PT400' using message = 'email_notifications is all, assigned or off';
  end if;
  update public.chat_admins set email_notifications = p_email_notifications where user_id = p_admin_id::uuid;
  return public.chat_admin_profile(p_admin_id);
end
$$;

--
-- Name: FUNCTION chat_set_admin_preferences(p_admin_id text, p_email_notifications text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) IS 'PATCH /chat-session/me (admin): the calling admin''s choice of unread-message emails.';

--
-- Name: FUNCTION chat_set_admin_preferences(p_admin_id text, p_email_notifications text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) TO service_role;
