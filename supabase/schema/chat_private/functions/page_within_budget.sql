-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: page_within_budget(text, jsonb, integer, boolean); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean DEFAULT false) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  with numbered as (
    select item, position,
           sum(octet_length(item::text)) over (order by position) as running_bytes
    from jsonb_array_elements(fetched) with ordinality as t(item, position)
  ),
  kept as (
    select item, position from numbered
    where position <= page_size and (position = 1 or running_bytes <= 1000000)
  )
  select jsonb_build_object(
    key, (select coalesce(jsonb_agg(item order by case when reversed then -position else position end), '[]') from kept),
    'has_more', jsonb_array_length(fetched) > (select count(*) from kept)
  )
$$;

--
-- Name: FUNCTION page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean) IS 'GET /chat-session and GET /chat-message: ends a page before its JSON outgrows the response budget.';

--
-- Name: FUNCTION page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean) FROM PUBLIC;
