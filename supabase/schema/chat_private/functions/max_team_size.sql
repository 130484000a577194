-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: max_team_size(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.max_team_size() RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select 500 $$;

--
-- Name: FUNCTION max_team_size(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.max_team_size() FROM PUBLIC;
