-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_save_push_subscription(text, boolean, uuid, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  kind text := case when p_is_admin then 'admin' else 'customer' end;
  saved chat_private.push_subscriptions;
begin
  if p_is_admin then
    perform chat_private.require_admin(p_caller_id);
  elsif not exists (select 1 from public.chat_sessions s where s.id = p_chat_id and s.customer_id::text = p_caller_id) then
    raise sqlstate 'PT403' using message = 'this chat belongs to someone else';
  end if;
  perform chat_private.spend_for('push_subscription_per_caller', format('push:%s:%s', kind, p_caller_id));
  delete from chat_private.push_subscriptions where endpoint = p_endpoint;
  insert into chat_private.push_subscriptions (subscriber_type, subscriber_id, chat_id, endpoint, p256dh, auth)
  values (kind, p_caller_id, case when p_is_admin then null else p_chat_id end, p_endpoint, p_p256dh, p_auth)
  returning * into saved;
  delete from chat_private.push_subscriptions
  where id in (select id from chat_private.push_subscriptions
               where subscriber_type = kind and subscriber_id = p_caller_id
               order by created_at desc, id desc offset chat_private.max_push_devices());
  return jsonb_build_object('id', saved.id, 'created_at', saved.created_at);
end
$$;

--
-- Name: FUNCTION chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text) IS 'POST /chat-session/push-subscriptions (admin, or a customer for its chat): this browser gets pushes.';

--
-- Name: FUNCTION chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text) TO service_role;
