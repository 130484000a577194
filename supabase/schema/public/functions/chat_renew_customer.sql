-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_renew_customer(uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  s public.chat_sessions;
begin
  if p_link is null or p_link !~ '^[0-9a-f]{16}$' then
    raise sqlstate 'PT401' using message = 'this token cannot be renewed: open the chat link again';
  end if;
  perform chat_private.spend_for('renew_per_chat', format('renew:%s', p_chat_id));
  select sessions.* into s
  from public.chat_sessions sessions
  join chat_private.chat_links links on links.chat_id = sessions.id
  where sessions.id = p_chat_id
    and sessions.customer_id = p_customer_id
    and left(encode(links.token_hash, 'hex'), 16) = p_link
    and links.expires_at > now();
  if not found then
    raise sqlstate 'PT401' using message = 'this chat link is invalid, expired or was replaced';
  end if;
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id,
                            'realtime_epoch', chat_private.realtime_epoch());
end
$_$;

--
-- Name: FUNCTION chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) IS 'POST /chat-session/token (customer): a fresh token for the chat while its link is the one joined with; spends the chat''s renewal budget.';

--
-- Name: FUNCTION chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) TO service_role;
