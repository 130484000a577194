-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_admin_online(text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_admin_online(p_admin_id text, p_online boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('online_per_admin', format('online:%s', p_admin_id));
  if p_online is null then
    raise sqlstate 'PT400' using message = 'online must be true or false';
  end if;
  -- A beat soon after the last one writes nothing.
  update public.chat_admins set online = p_online, seen_at = now()
  where user_id = p_admin_id::uuid and not (online and p_online and seen_at > now() - interval '20 seconds');
  return jsonb_build_object('online', p_online);
end
$$;

--
-- Name: FUNCTION chat_admin_online(p_admin_id text, p_online boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_admin_online(p_admin_id text, p_online boolean) IS 'POST /chat-session/online (admin): the dashboard is open (a beat, written at most every 20 s) or closing.';

--
-- Name: FUNCTION chat_admin_online(p_admin_id text, p_online boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_admin_online(p_admin_id text, p_online boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_admin_online(p_admin_id text, p_online boolean) TO service_role;
