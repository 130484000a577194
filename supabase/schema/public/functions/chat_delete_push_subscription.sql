-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_delete_push_subscription(text, boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  removed integer;
begin
  if p_is_admin then
    perform chat_private.require_admin(p_caller_id);
  end if;
  perform chat_private.spend_for('push_subscription_per_caller', format('push:%s:%s', case when p_is_admin then 'admin' else 'customer' end, p_caller_id));
  delete from chat_private.push_subscriptions
  where endpoint = p_endpoint and subscriber_id = p_caller_id
    and subscriber_type = case when p_is_admin then 'admin' else 'customer' end;
  get diagnostics removed = row_count;
  return jsonb_build_object('deleted', removed > 0);
end
$$;

--
-- Name: FUNCTION chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text) IS 'DELETE /chat-session/push-subscriptions (admin or customer): this browser stops getting pushes.';

--
-- Name: FUNCTION chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text) TO service_role;
