-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: open_notification_windows(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.open_notification_windows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  delay integer;
begin
  select delay_seconds into delay from chat_private.notification_settings;
  select * into s from public.chat_sessions where id = new.chat_id;
  insert into chat_private.notifications (chat_id, recipient_type, recipient_id, first_seq, due_at)
  select new.chat_id, r.recipient_type, r.recipient_id, new.seq, new.created_at + make_interval(secs => delay)
  from (
    select 'customer' as recipient_type, s.customer_id::text as recipient_id
    where new.sender_type = 'admin'
      and ((s.customer_email is not null
            and not exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id))
           or exists (select 1 from chat_private.push_subscriptions p where p.chat_id = s.id))
    union all
    select 'admin', a.user_id::text
    from public.chat_admins a
    where new.sender_type = 'customer'
      and (chat_private.admin_wants_email(a, s)
           or (chat_private.admin_routed(a, s)
               and exists (select 1 from chat_private.push_subscriptions p
                           where p.subscriber_type = 'admin' and p.subscriber_id = a.user_id::text)))
  ) r
  on conflict (chat_id, recipient_type, recipient_id, kind) where state in ('pending', 'sending') do nothing;
  return null;
end
$$;

--
-- Name: FUNCTION open_notification_windows(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.open_notification_windows() FROM PUBLIC;
