-- Notifications away from the page (issue 15), the data: when a message arrives, each of its
-- recipients who may be told by email gets one pending notification for that chat (a window:
-- later messages join it), due after a delay. A notifier claims due ones (safe when two runs
-- overlap), sends one digest of what is still unread then, and records the outcome.
-- Recipients: the customer, for support's messages, when the chat has an email; for the
-- customer's messages the assignee, or every active admin while nobody is assigned.

create table chat_private.notification_settings (
  singleton boolean primary key default true check (singleton),
  delay_seconds integer not null check (delay_seconds between 0 and 86400),
  max_attempts integer not null check (max_attempts between 1 and 20),
  -- a claim older than this was lost with its notifier: the notification is due again
  claim_timeout_seconds integer not null check (claim_timeout_seconds between 30 and 3600)
);
insert into chat_private.notification_settings (delay_seconds, max_attempts, claim_timeout_seconds)
values (180, 5, 300);
revoke all on table chat_private.notification_settings from public, anon, authenticated, service_role;

create table chat_private.notifications (
  id bigserial primary key,
  chat_id uuid not null references public.chat_sessions(id),
  recipient_type text not null check (recipient_type in ('admin', 'customer')),
  recipient_id text not null check (char_length(recipient_id) between 1 and 100),
  first_seq bigint not null check (first_seq >= 1),
  due_at timestamptz not null,
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'skipped', 'failed')),
  attempts integer not null default 0,
  claimed_at timestamptz,
  claimed_by text,
  finished_at timestamptz,
  last_error text check (char_length(last_error) <= 500),
  created_at timestamptz not null default now()
);
-- One open window per recipient and chat: a second message joins it instead of adding one.
create unique index notifications_open_window on chat_private.notifications (chat_id, recipient_type, recipient_id)
  where state in ('pending', 'sending');
-- The notifier's claim walks this: what is due, oldest first.
create index notifications_due on chat_private.notifications (due_at) where state in ('pending', 'sending');
revoke all on table chat_private.notifications from public, anon, authenticated, service_role;

-- Who is told about a new message, and the window it opens (or joins).
create function chat_private.open_notification_windows() returns trigger
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
    where new.sender_type = 'admin' and s.customer_email is not null
    union all
    select 'admin', a.user_id::text
    from public.chat_admins a
    where new.sender_type = 'customer' and a.deactivated_at is null
      and (s.assignee_id is null or a.user_id = s.assignee_id)
  ) r
  on conflict (chat_id, recipient_type, recipient_id) where state in ('pending', 'sending') do nothing;
  return null;
end
$$;
revoke execute on function chat_private.open_notification_windows() from public;
create trigger chat_messages_open_notification_windows after insert on public.chat_messages
  for each row execute function chat_private.open_notification_windows();

-- What a notification says when it is sent: the recipient's messages still unread in its chat
-- from the window's first, not its own, in seq order (at most 20, the newest).
create function chat_private.notification_digest(n chat_private.notifications) returns jsonb
language sql stable set search_path = '' as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'seq', m.seq, 'created_at', m.created_at, 'sender_type', m.sender_type,
           'sender_name', m.sender_name, 'content', m.content,
           'attachments', (select coalesce(jsonb_agg(a ->> 'name'), '[]') from jsonb_array_elements(m.attachments) a))
         order by m.seq), '[]')
  from (
    select * from public.chat_messages m
    where m.chat_id = n.chat_id and m.seq >= n.first_seq and m.sender_type <> n.recipient_type
      and m.seq > coalesce((select c.seq from public.chat_read_cursors c
                            where c.chat_id = n.chat_id and c.reader_type = n.recipient_type
                              and c.reader_id = n.recipient_id), 0)
    order by m.seq desc
    limit 20
  ) m
$$;
revoke execute on function chat_private.notification_digest(chat_private.notifications) from public;

-- The notifier's claim: due notifications, each taken by one run only (skip locked), and one
-- whose claim was lost (its notifier died) taken again. A notification with nothing unread
-- any more, or for a closed chat, is skipped here and never sent. Returns what to send.
create function public.chat_claim_notifications(p_worker text, p_limit integer) returns jsonb
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
      'customer_name', s.customer_name, 'messages', messages);
  end loop;
  return jsonb_build_object('notifications', claimed);
end
$$;
revoke execute on function public.chat_claim_notifications(text, integer) from public, anon, authenticated;
grant execute on function public.chat_claim_notifications(text, integer) to service_role;
comment on function public.chat_claim_notifications(text, integer) is
  'tools.notifier (the scheduled notifier, no route): claims due notifications, each by one run only.';

-- The outcome of a claimed notification: sent; or failed, retried with backoff (a minute, then
-- doubling) until the attempts run out. Only the run that holds the claim may record it.
create function public.chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text)
returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
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
  if p_sent then
    update chat_private.notifications set state = 'sent', finished_at = now(), last_error = null where id = p_id
    returning * into n;
  elsif n.attempts >= cfg.max_attempts then
    update chat_private.notifications set state = 'failed', finished_at = now(), last_error = left(p_error, 500)
    where id = p_id returning * into n;
  else
    update chat_private.notifications
    set state = 'pending', due_at = now() + make_interval(secs => 60 * power(2, n.attempts - 1)::integer),
        last_error = left(p_error, 500)
    where id = p_id returning * into n;
  end if;
  return jsonb_build_object('id', n.id, 'state', n.state, 'attempts', n.attempts);
end
$$;
revoke execute on function public.chat_record_notification(bigint, text, boolean, text) from public, anon, authenticated;
grant execute on function public.chat_record_notification(bigint, text, boolean, text) to service_role;
comment on function public.chat_record_notification(bigint, text, boolean, text) is
  'tools.notifier (the scheduled notifier, no route): records a claimed notification as sent, or failed (retried with backoff, then given up).';
