-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: no_upper_seq(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.no_upper_seq() RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ select 9223372036854775807::bigint $$;

--
-- Name: FUNCTION no_upper_seq(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.no_upper_seq() IS 'GET /chat-message: the bound for "no before_seq", so the keyset stays an index condition.';

--
-- Name: FUNCTION no_upper_seq(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.no_upper_seq() FROM PUBLIC;
