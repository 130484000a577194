-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: search_words(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.search_words(p_query text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select to_tsquery('simple', string_agg(quote_literal(word) || case when last then ':*' else '' end, ' & ' order by n))
  from (
    select word, n, n = max(n) over () as last
    from regexp_split_to_table(lower(p_query), '[^[:alnum:]]+') with ordinality as words(word, n)
    where word <> ''
  ) words
$$;

--
-- Name: FUNCTION search_words(p_query text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.search_words(p_query text) IS 'GET /chat-session?q=: the words of a search as a tsquery (all words, the last as a prefix).';

--
-- Name: FUNCTION search_words(p_query text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.search_words(p_query text) FROM PUBLIC;
