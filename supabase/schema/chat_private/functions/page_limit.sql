-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: page_limit(integer); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.page_limit(requested integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select least(greatest(coalesce(requested, 50), 1), 200)
$$;

--
-- Name: FUNCTION page_limit(requested integer); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.page_limit(requested integer) IS 'GET /chat-session and GET /chat-message: the page size asked for, clamped.';

--
-- Name: FUNCTION page_limit(requested integer); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.page_limit(requested integer) FROM PUBLIC;
