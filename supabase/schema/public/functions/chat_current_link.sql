-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_current_link(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_current_link(p_chat_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  link chat_private.chat_links;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('link_per_admin', format('link:%s', p_admin_id));
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  select * into link from chat_private.chat_links where chat_id = p_chat_id;
  return jsonb_build_object(
    'session', chat_private.session_json(s),
    'token_hash', encode(link.token_hash, 'hex'),
    'expires_at', link.expires_at);
end
$$;

--
-- Name: FUNCTION chat_current_link(p_chat_id uuid, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_current_link(p_chat_id uuid, p_admin_id text) IS 'GET /chat-session/link (admin): the session, its link''s hash and expiry, for the API to show the link again.';

--
-- Name: FUNCTION chat_current_link(p_chat_id uuid, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_current_link(p_chat_id uuid, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_current_link(p_chat_id uuid, p_admin_id text) TO service_role;
