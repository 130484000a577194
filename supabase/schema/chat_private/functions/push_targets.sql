-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: push_targets(chat_private.notifications); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.push_targets(n chat_private.notifications) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'endpoint', p.endpoint,
                                               'keys', jsonb_build_object('p256dh', p.p256dh, 'auth', p.auth))
                            order by p.id), '[]')
  from chat_private.push_subscriptions p
  where n.stage = 'first' and p.subscriber_type = n.recipient_type and p.subscriber_id = n.recipient_id
    and (p.chat_id is null or p.chat_id = n.chat_id)
$$;

--
-- Name: FUNCTION push_targets(n chat_private.notifications); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.push_targets(n chat_private.notifications) FROM PUBLIC;
