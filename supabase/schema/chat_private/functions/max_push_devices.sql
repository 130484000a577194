-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: max_push_devices(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.max_push_devices() RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$select 10$$;

--
-- Name: FUNCTION max_push_devices(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.max_push_devices() FROM PUBLIC;
