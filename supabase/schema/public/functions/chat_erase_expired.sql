-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_erase_expired(uuid[], integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  due uuid[];
  counts jsonb;
begin
  select coalesce(array_agg(s.id), '{}') into due
  from (select id from public.chat_sessions
        where id = any(p_chat_ids) and status = 'closed' and closed_at < now() - make_interval(days => p_days)
        for update skip locked) s;
  if cardinality(due) = 0 then
    return jsonb_build_object('chats', 0, 'messages', 0, 'notes', 0, 'objects', 0);
  end if;
  counts := chat_private.erase_chats(due);
  insert into chat_private.erasures (erased_by, reason, chats, messages, notes, objects)
  values ('retention', 'retention', (counts ->> 'chats')::integer, (counts ->> 'messages')::integer,
          (counts ->> 'notes')::integer, coalesce(p_objects, 0));
  return counts || jsonb_build_object('objects', coalesce(p_objects, 0));
end
$$;

--
-- Name: FUNCTION chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer) IS 'tools.notifier (the scheduled job, no route): erases closed chats past the retention period, with an audit record.';

--
-- Name: FUNCTION chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer) TO service_role;
