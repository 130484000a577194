-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: search_candidates(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.search_candidates() RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$select 5000$$;

--
-- Name: FUNCTION search_candidates(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.search_candidates() FROM PUBLIC;
