-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: may_use_topic(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.may_use_topic(topic text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
  select coalesce(
    case
      when topic ~ '@[0-9]{1,18}$' and split_part(topic, '@', 2)::bigint <> chat_private.realtime_epoch() then false
      when chat_private.topic_room(topic) = 'dashboard' then chat_private.is_chat_admin()
      when chat_private.topic_room(topic) = 'support' then
        auth.jwt() ->> 'chat_id' is not null or chat_private.is_chat_admin()
      when chat_private.topic_room(topic) like 'chat-team:%' then chat_private.is_chat_admin()
      when chat_private.topic_room(topic) like 'chat:%' then
        substr(chat_private.topic_room(topic), 6) = auth.jwt() ->> 'chat_id' or chat_private.is_chat_admin()
      else false
    end,
    false)
$_$;

--
-- Name: FUNCTION may_use_topic(topic text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.may_use_topic(topic text) IS 'Realtime authorization (realtime.messages SELECT): may this JWT join the private topic (dashboard, support, chat:<id>, chat-team:<id>).';

--
-- Name: FUNCTION may_use_topic(topic text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.may_use_topic(topic text) FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.may_use_topic(topic text) TO authenticated;
