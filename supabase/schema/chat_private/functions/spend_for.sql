-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: spend_for(text, text, boolean); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.spend_for(action text, bucket text, record boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  lim chat_private.rate_limits;
begin
  select * into lim from chat_private.rate_limits l where l.action = spend_for.action;
  perform chat_private.spend(bucket, lim.max_events, lim.per_seconds, record);
end
$$;

--
-- Name: FUNCTION spend_for(action text, bucket text, record boolean); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.spend_for(action text, bucket text, record boolean) IS 'The rate budgets: spend() with the limits chat_private.rate_limits holds for an action.';

--
-- Name: FUNCTION spend_for(action text, bucket text, record boolean); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.spend_for(action text, bucket text, record boolean) FROM PUBLIC;
