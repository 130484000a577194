-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_claim_notifications(text, integer, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  cfg chat_private.notification_settings;
  claimed jsonb := '[]';
  n chat_private.notifications;
  s public.chat_sessions;
  messages jsonb;
  recipient jsonb;
  skipped text;
begin
  if p_worker is null or p_limit is null or p_limit not between 1 and 1000 then
    raise sqlstate 'PT400' using message = 'a worker name and a limit of 1 to 1000 are needed';
  end if;
  select * into cfg from chat_private.notification_settings;
  for n in
    select * from chat_private.notifications x
    where x.due_at <= now()
      and (x.state = 'pending'
           or (x.state = 'sending' and x.claimed_at < now() - make_interval(secs => cfg.claim_timeout_seconds)))
    order by x.due_at
    limit p_limit
    for update skip locked
  loop
    select * into s from public.chat_sessions where id = n.chat_id;
    select r.recipient, r.skipped_because into recipient, skipped from chat_private.notification_recipient(n, s) r;
    if n.kind = 'transcript' then
      -- email only: the transcript is a file's worth, not a push
      messages := '[]';
      skipped := case
        when s.status <> 'closed' then 'reopened'
        when not coalesce(p_transcripts, false) then 'preference'
        when recipient ->> 'email' is null then coalesce(skipped, 'opted_out')
        else null
      end;
      recipient := recipient - 'push';
    else
      messages := chat_private.notification_digest(n);
      skipped := case
        when s.status <> 'open' then 'closed'
        when jsonb_array_length(messages) = 0 then 'read'
        else skipped
      end;
    end if;
    if skipped is not null then
      update chat_private.notifications set state = 'skipped', skipped_because = skipped, finished_at = now()
      where id = n.id;
      continue;
    end if;
    update chat_private.notifications
    set state = 'sending', claimed_at = now(), claimed_by = p_worker, attempts = attempts + 1
    where id = n.id;
    claimed := claimed || jsonb_build_object(
      'id', n.id, 'kind', n.kind, 'chat_id', n.chat_id, 'recipient_type', n.recipient_type,
      'recipient_id', n.recipient_id, 'recipient', recipient, 'customer_name', s.customer_name,
      'messages', messages,
      -- the customer's link, for the API to show again in the email (never revoked by it)
      'link', case when n.recipient_type = 'customer' then (
        select jsonb_build_object('token_hash', encode(l.token_hash, 'hex'), 'expires_at', l.expires_at)
        from chat_private.chat_links l where l.chat_id = n.chat_id) end);
  end loop;
  return jsonb_build_object('notifications', claimed);
end
$$;

--
-- Name: FUNCTION chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean) IS 'tools.notifier (the scheduled notifier, no route): claims due notifications (and, with p_transcripts, closed chats'' transcripts), each by one run only.';

--
-- Name: FUNCTION chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean) TO service_role;
