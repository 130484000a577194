-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_get_session(uuid, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  select * into s from public.chat_sessions where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if p_as_admin then
    return chat_private.session_for_admin(s, p_caller);
  end if;
  return chat_private.session_json(s);
end
$$;

--
-- Name: FUNCTION chat_get_session(p_id uuid, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) IS 'GET /chat-session?id= (admin, or the customer of that chat): one session.';

--
-- Name: FUNCTION chat_get_session(p_id uuid, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) TO service_role;
