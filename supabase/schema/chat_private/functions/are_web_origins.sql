-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: are_web_origins(text[]); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.are_web_origins(origins text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select cardinality(origins) between 1 and 20
     and (select bool_and(chat_private.is_web_origin(o)) from unnest(origins) o)
     and cardinality(origins) = (select count(distinct o) from unnest(origins) o)
$$;

--
-- Name: FUNCTION are_web_origins(origins text[]); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.are_web_origins(origins text[]) FROM PUBLIC;
