-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_join(uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  select sessions.* into s
  from public.chat_sessions sessions
  join chat_private.chat_links links on links.chat_id = sessions.id
  where sessions.id = p_chat_id
    and links.token_hash = decode(p_link_token_hash, 'hex')
    and links.expires_at > now();
  if not found then
    perform chat_private.spend_for('join_failures_per_chat', format('join:chat:%s', p_chat_id));
    perform chat_private.spend_for('join_failures_per_address', format('join:address:%s', p_client_address));
    return jsonb_build_object('refused', true);
  end if;
  perform chat_private.spend_for('join_per_chat', format('join:ok:%s', p_chat_id));
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id,
                            'realtime_epoch', chat_private.realtime_epoch());
end
$$;

--
-- Name: FUNCTION chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) IS 'POST /chat-session/join (no credential): a link''s hash for the session and a customer id, or {refused}; only failures spend the chat''s and the address''s failure budgets.';

--
-- Name: FUNCTION chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) TO service_role;
