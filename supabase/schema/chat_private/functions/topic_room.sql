-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: topic_room(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.topic_room(topic text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  select case when topic ~ '@[0-9]{1,18}$' then split_part(topic, '@', 1) else topic end
$_$;

--
-- Name: FUNCTION topic_room(topic text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.topic_room(topic text) FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.topic_room(topic text) TO authenticated;
