-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: presence_json(public.chat_presence); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.presence_json(p public.chat_presence) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select jsonb_build_object(
    'customer_online', coalesce(p.present and p.seen_at > now() - interval '150 seconds', false),
    'customer_seen_at', p.seen_at)
$$;

--
-- Name: FUNCTION presence_json(p public.chat_presence); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.presence_json(p public.chat_presence) IS 'GET /chat-session and POST /chat-session/presence: is the customer online (a beat within 150 s) and when it was last seen.';

--
-- Name: FUNCTION presence_json(p public.chat_presence); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.presence_json(p public.chat_presence) FROM PUBLIC;
