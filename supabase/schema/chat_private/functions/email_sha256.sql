-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: email_sha256(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.email_sha256(address text) RETURNS bytea
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select sha256(convert_to(lower(address), 'UTF8')) $$;

--
-- Name: FUNCTION email_sha256(address text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.email_sha256(address text) FROM PUBLIC;
