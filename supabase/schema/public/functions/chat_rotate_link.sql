-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_rotate_link(uuid, text, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('rotate_per_admin', format('rotate:%s', p_admin_id));
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (p_chat_id, decode(p_link_token_hash, 'hex'), p_link_expires_at)
  on conflict (chat_id) do update
    set token_hash = excluded.token_hash, expires_at = excluded.expires_at, created_at = now();
  return chat_private.session_json(s);
end
$$;

--
-- Name: FUNCTION chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text) IS 'POST /chat-session/rotate-link (admin): a new link hash; the old link stops working.';

--
-- Name: FUNCTION chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text) TO service_role;
