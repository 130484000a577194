-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_record_notification(bigint, text, boolean, text, boolean, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean DEFAULT false, p_email_later boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  cfg chat_private.notification_settings;
  n chat_private.notifications;
begin
  select * into cfg from chat_private.notification_settings;
  select * into n from chat_private.notifications where id = p_id and state = 'sending' and claimed_by = p_worker
  for update;
  if not found then
    raise sqlstate 'PT409' using message = 'this notification is not claimed by this worker';
  end if;
  if p_sent and p_email_later and n.stage = 'first' then
    update chat_private.notifications
    set state = 'pending', stage = 'email', attempts = 0, last_error = null,
        due_at = now() + make_interval(secs => cfg.email_after_push_seconds)
    where id = p_id returning * into n;
  elsif p_sent then
    update chat_private.notifications set state = 'sent', finished_at = now(), last_error = null where id = p_id
    returning * into n;
  elsif p_permanent or n.attempts >= cfg.max_attempts then
    update chat_private.notifications set state = 'failed', finished_at = now(), last_error = left(p_error, 500)
    where id = p_id returning * into n;
  else
    update chat_private.notifications
    set state = 'pending', due_at = now() + make_interval(secs => 60 * power(2, n.attempts - 1)::integer),
        last_error = left(p_error, 500)
    where id = p_id returning * into n;
  end if;
  return jsonb_build_object('id', n.id, 'state', n.state, 'stage', n.stage, 'attempts', n.attempts);
end
$$;

--
-- Name: FUNCTION chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean) IS 'tools.notifier (the scheduled notifier, no route): records a claimed notification as sent (or pushed, its email later), or failed (retried with backoff, or given up at once when permanent).';

--
-- Name: FUNCTION chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean) TO service_role;
