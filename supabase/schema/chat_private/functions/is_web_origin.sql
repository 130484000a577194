-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: is_web_origin(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.is_web_origin(origin text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  select origin ~ '^https://[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?$'
      or origin ~ '^http://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?$'
$_$;

--
-- Name: FUNCTION is_web_origin(origin text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.is_web_origin(origin text) FROM PUBLIC;
