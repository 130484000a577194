-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: search_snippet(text, tsquery); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.search_snippet(content text, words tsquery) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select ts_headline('simple', content, words,
    'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=8, ShortWord=1, MaxFragments=2, FragmentDelimiter=" … "')
$$;

--
-- Name: FUNCTION search_snippet(content text, words tsquery); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.search_snippet(content text, words tsquery) FROM PUBLIC;
