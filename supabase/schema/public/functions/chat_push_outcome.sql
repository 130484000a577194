-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_push_outcome(bigint[], bigint[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_push_outcome(p_delivered bigint[], p_gone bigint[]) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  removed integer;
begin
  update chat_private.push_subscriptions set last_pushed_at = now() where id = any(coalesce(p_delivered, '{}'));
  delete from chat_private.push_subscriptions where id = any(coalesce(p_gone, '{}'));
  get diagnostics removed = row_count;
  return jsonb_build_object('removed', removed);
end
$$;

--
-- Name: FUNCTION chat_push_outcome(p_delivered bigint[], p_gone bigint[]); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_push_outcome(p_delivered bigint[], p_gone bigint[]) IS 'tools.notifier (the scheduled notifier, no route): marks subscriptions pushed to, removes those gone (404, 410).';

--
-- Name: FUNCTION chat_push_outcome(p_delivered bigint[], p_gone bigint[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_push_outcome(p_delivered bigint[], p_gone bigint[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_push_outcome(p_delivered bigint[], p_gone bigint[]) TO service_role;
