-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_retention_due(integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_retention_due(p_days integer, p_limit integer) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if p_days is null or p_days not between 1 and 36500 or p_limit not between 1 and 1000 then
    raise sqlstate 'PT400' using message = 'days must be 1 to 36500 and limit 1 to 1000';
  end if;
  return jsonb_build_object('chats', (
    select coalesce(jsonb_agg(s.id order by s.closed_at), '[]')
    from (select id, closed_at from public.chat_sessions
          where status = 'closed' and closed_at < now() - make_interval(days => p_days)
          order by closed_at limit p_limit) s));
end
$$;

--
-- Name: FUNCTION chat_retention_due(p_days integer, p_limit integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_retention_due(p_days integer, p_limit integer) IS 'tools.notifier (the scheduled job, no route): closed chats past the retention period.';

--
-- Name: FUNCTION chat_retention_due(p_days integer, p_limit integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_retention_due(p_days integer, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_retention_due(p_days integer, p_limit integer) TO service_role;
