-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: realtime_epoch(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.realtime_epoch() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select epoch from public.chat_realtime_epoch
$$;

--
-- Name: FUNCTION realtime_epoch(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.realtime_epoch() FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.realtime_epoch() TO authenticated;
