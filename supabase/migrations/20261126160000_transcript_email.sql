-- Transcript by email (issue 16, item 3): when a chat is closed, its customer (with an email,
-- not opted out, not suppressed) is sent the transcript through the notifier, a minute later
-- (a chat reopened at once sends nothing), if the notifier's EMAIL_TRANSCRIPT_ON_CLOSE is on.
-- It is a notification of its own kind, claimed, sent once and recorded as the unread ones are.

alter table chat_private.notifications
  add column kind text not null default 'unread' check (kind in ('unread', 'transcript'));
alter table chat_private.notifications drop constraint notifications_skipped_because_check;
alter table chat_private.notifications add constraint notifications_skipped_because_check
  check (skipped_because in ('read', 'closed', 'deactivated', 'opted_out', 'suppressed', 'preference', 'reopened'));

-- One open notification per recipient, chat and kind: an unread window and a transcript may wait together.
drop index chat_private.notifications_open_window;
create unique index notifications_open_window on chat_private.notifications (chat_id, recipient_type, recipient_id, kind)
  where state in ('pending', 'sending');

create or replace function chat_private.open_notification_windows() returns trigger
language plpgsql security definer set search_path = '' as $$
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

create function chat_private.queue_transcript_email() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.status = 'closed' and old.status <> 'closed' and new.customer_email is not null then
    insert into chat_private.notifications (chat_id, recipient_type, recipient_id, first_seq, due_at, kind)
    values (new.id, 'customer', new.customer_id::text, 1, now() + interval '60 seconds', 'transcript')
    on conflict (chat_id, recipient_type, recipient_id, kind) where state in ('pending', 'sending') do nothing;
  end if;
  return null;
end
$$;
revoke execute on function chat_private.queue_transcript_email() from public;
create trigger chat_sessions_queue_transcript_email after update of status on public.chat_sessions
  for each row execute function chat_private.queue_transcript_email();

drop function public.chat_claim_notifications(text, integer);
create function public.chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean default false)
returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
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
revoke execute on function public.chat_claim_notifications(text, integer, boolean) from public, anon, authenticated;
grant execute on function public.chat_claim_notifications(text, integer, boolean) to service_role;
comment on function public.chat_claim_notifications(text, integer, boolean) is
  'tools.notifier (the scheduled notifier, no route): claims due notifications (and, with p_transcripts, closed chats'' transcripts), each by one run only.';
