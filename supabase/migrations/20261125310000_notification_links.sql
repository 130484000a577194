-- The email's button (issue 15): a claimed notification for a customer carries the chat's
-- link (its hash and expiry), so the notifier can show the customer the very link it has, as
-- GET /chat-session/link shows it to an admin, without making a new one.
create or replace function public.chat_claim_notifications(p_worker text, p_limit integer) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  cfg chat_private.notification_settings;
  claimed jsonb := '[]';
  n chat_private.notifications;
  s public.chat_sessions;
  messages jsonb;
  recipient jsonb;
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
    messages := chat_private.notification_digest(n);
    if s.status <> 'open' or jsonb_array_length(messages) = 0 then
      update chat_private.notifications set state = 'skipped', finished_at = now() where id = n.id;
      continue;
    end if;
    recipient := case n.recipient_type
      when 'customer' then jsonb_build_object('email', s.customer_email, 'name', s.customer_name)
      else (select jsonb_build_object('email', a.email, 'name', a.display_name)
            from public.chat_admins a where a.user_id::text = n.recipient_id and a.deactivated_at is null)
    end;
    if recipient is null then  -- an admin deactivated since
      update chat_private.notifications set state = 'skipped', finished_at = now() where id = n.id;
      continue;
    end if;
    update chat_private.notifications
    set state = 'sending', claimed_at = now(), claimed_by = p_worker, attempts = attempts + 1
    where id = n.id;
    claimed := claimed || jsonb_build_object(
      'id', n.id, 'chat_id', n.chat_id, 'recipient_type', n.recipient_type, 'recipient', recipient,
      'customer_name', s.customer_name, 'messages', messages,
      -- the customer's link, for the API to show again in the email (never revoked by it)
      'link', case when n.recipient_type = 'customer' then (
        select jsonb_build_object('token_hash', encode(l.token_hash, 'hex'), 'expires_at', l.expires_at)
        from chat_private.chat_links l where l.chat_id = n.chat_id) end);
  end loop;
  return jsonb_build_object('notifications', claimed);
end
$$;
