-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_close_session(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_close_session(p_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('close_per_admin', format('close:%s', p_admin_id));
  update public.chat_sessions
  set status = 'closed', closed_at = now(), waiting_since = null
  where id = p_id and status = 'open'
  returning * into s;
  if not found then
    select * into s from public.chat_sessions where id = p_id;
    if not found then
      raise sqlstate 'PT404' using message = 'chat session not found';
    end if;
  end if;
  return chat_private.session_json(s);
end
$$;

--
-- Name: FUNCTION chat_close_session(p_id uuid, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_close_session(p_id uuid, p_admin_id text) IS 'DELETE /chat-session?id= (admin): closes a session; idempotent; messages are kept.';

--
-- Name: FUNCTION chat_close_session(p_id uuid, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_close_session(p_id uuid, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_close_session(p_id uuid, p_admin_id text) TO service_role;
