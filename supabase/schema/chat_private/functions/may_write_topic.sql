-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: may_write_topic(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.may_write_topic(topic text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select case when chat_private.topic_room(topic) = 'support'
              then coalesce(chat_private.is_chat_admin(), false) and chat_private.may_use_topic(topic)
              else chat_private.may_use_topic(topic) end
$$;

--
-- Name: FUNCTION may_write_topic(topic text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.may_write_topic(topic text) IS 'Realtime authorization (realtime.messages INSERT): may this JWT broadcast or track presence on the topic; on support only admins.';

--
-- Name: FUNCTION may_write_topic(topic text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.may_write_topic(topic text) FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.may_write_topic(topic text) TO authenticated;
