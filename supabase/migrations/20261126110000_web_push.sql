-- Web push (issue 15, item 4): a browser that allowed notifications keeps a push subscription
-- here (its push service's endpoint and the keys the payload is encrypted to), one per device:
-- an admin's for every chat routed to it, a customer's for its chat. The notifier pushes to
-- them instead of emailing (the notifier's PUSH_MODE=instead: email only when no push got
-- through) or before emailing (PUSH_MODE=before: the email follows if still unread later).
-- A subscription its push service calls gone (404, 410) is removed.

create table chat_private.push_subscriptions (
  id bigserial primary key,
  subscriber_type text not null check (subscriber_type in ('admin', 'customer')),
  subscriber_id text not null check (char_length(subscriber_id) between 1 and 100),
  -- a customer's subscription is for its chat; an admin's for every chat routed to it
  chat_id uuid references public.chat_sessions(id) on delete cascade,
  endpoint text not null unique check (char_length(endpoint) between 10 and 1000),
  p256dh text not null check (p256dh ~ '^[A-Za-z0-9_-]{80,100}$'),
  auth text not null check (auth ~ '^[A-Za-z0-9_-]{16,30}$'),
  created_at timestamptz not null default now(),
  last_pushed_at timestamptz,
  check ((subscriber_type = 'customer') = (chat_id is not null))
);
create index push_subscriptions_subscriber on chat_private.push_subscriptions (subscriber_type, subscriber_id);
create index push_subscriptions_chat on chat_private.push_subscriptions (chat_id) where chat_id is not null;
revoke all on table chat_private.push_subscriptions from public, anon, authenticated, service_role;

-- With PUSH_MODE=before, how long after a push its email follows (if the chat is still unread).
alter table chat_private.notification_settings
  add column email_after_push_seconds integer not null default 600
    check (email_after_push_seconds between 60 and 86400);

-- A notification pushed first (PUSH_MODE=before) comes back for its email: stage 'email'.
alter table chat_private.notifications
  add column stage text not null default 'first' check (stage in ('first', 'email'));

-- The most devices one person keeps: a new one past it replaces the oldest.
create function chat_private.max_push_devices() returns integer language sql immutable as 'select 10';

-- The subscriptions a notification may push to (none once it is at its email stage).
create function chat_private.push_targets(n chat_private.notifications) returns jsonb
language sql stable set search_path = '' as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'endpoint', p.endpoint,
                                               'keys', jsonb_build_object('p256dh', p.p256dh, 'auth', p.auth))
                            order by p.id), '[]')
  from chat_private.push_subscriptions p
  where n.stage = 'first' and p.subscriber_type = n.recipient_type and p.subscriber_id = n.recipient_id
    and (p.chat_id is null or p.chat_id = n.chat_id)
$$;
revoke execute on function chat_private.push_targets(chat_private.notifications) from public;

-- Whom a chat's message is routed to among the admins, whatever each chose for email: the
-- assignee, or every active admin while nobody is assigned.
create function chat_private.admin_routed(a public.chat_admins, s public.chat_sessions) returns boolean
language sql stable set search_path = '' as $$
  select a.deactivated_at is null and (s.assignee_id is null or s.assignee_id = a.user_id)
$$;
revoke execute on function chat_private.admin_routed(public.chat_admins, public.chat_sessions) from public;

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
  on conflict (chat_id, recipient_type, recipient_id) where state in ('pending', 'sending') do nothing;
  return null;
end
$$;

-- Whom a notification goes to now, or why nobody: its email (null when the recipient may not
-- be emailed) and its push subscriptions; (null, reason) when it has neither.
create or replace function chat_private.notification_recipient(
  n chat_private.notifications, s public.chat_sessions, out recipient jsonb, out skipped_because text
)
language plpgsql stable set search_path = '' as $$
declare
  a public.chat_admins;
  address text;
  name text;
  pushes jsonb := chat_private.push_targets(n);
  email_reason text;
begin
  if n.recipient_type = 'customer' then
    name := s.customer_name;
    if exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id) then
      email_reason := 'opted_out';
    else
      address := s.customer_email;
    end if;
  else
    select * into a from public.chat_admins where user_id::text = n.recipient_id;
    if a.user_id is null or a.deactivated_at is not null then
      skipped_because := 'deactivated';
      return;
    end if;
    name := a.display_name;
    if not chat_private.admin_routed(a, s) then
      skipped_because := 'preference';
      return;
    end if;
    if chat_private.admin_wants_email(a, s) then
      address := a.email;
    else
      email_reason := 'preference';
    end if;
  end if;
  if address is not null and exists (select 1 from chat_private.email_suppressions x where x.email = lower(address)) then
    address := null;
    email_reason := 'suppressed';
  end if;
  if address is null and jsonb_array_length(pushes) = 0 then
    skipped_because := coalesce(email_reason, 'suppressed');
    return;
  end if;
  recipient := jsonb_build_object('email', address, 'name', name, 'push', pushes);
end
$$;

-- The outcome of a claimed notification: sent; or failed, retried with backoff (a minute, then
-- doubling) until the attempts run out, or given up at once when the failure is permanent.
-- p_email_later (a push went out, PUSH_MODE=before): it comes back for its email, in case the
-- push went unseen. Only the run holding the claim may record it.
drop function public.chat_record_notification(bigint, text, boolean, text, boolean);
create function public.chat_record_notification(
  p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean default false,
  p_email_later boolean default false
) returns jsonb
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
revoke execute on function public.chat_record_notification(bigint, text, boolean, text, boolean, boolean)
  from public, anon, authenticated;
grant execute on function public.chat_record_notification(bigint, text, boolean, text, boolean, boolean)
  to service_role;
comment on function public.chat_record_notification(bigint, text, boolean, text, boolean, boolean) is
  'tools.notifier (the scheduled notifier, no route): records a claimed notification as sent (or pushed, its email later), or failed (retried with backoff, or given up at once when permanent).';

-- A browser's push subscription, for the caller: an admin's for every chat routed to it, a
-- customer's for its own chat. The same endpoint again (a browser renews its keys) replaces
-- the old row; past the most devices, the oldest goes.
create function public.chat_save_push_subscription(
  p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text
) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  kind text := case when p_is_admin then 'admin' else 'customer' end;
  saved chat_private.push_subscriptions;
begin
  if p_is_admin then
    perform chat_private.require_admin(p_caller_id);
  elsif not exists (select 1 from public.chat_sessions s where s.id = p_chat_id and s.customer_id::text = p_caller_id) then
    raise sqlstate 'PT403' using message = 'this chat belongs to someone else';
  end if;
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
revoke execute on function public.chat_save_push_subscription(text, boolean, uuid, text, text, text)
  from public, anon, authenticated;
grant execute on function public.chat_save_push_subscription(text, boolean, uuid, text, text, text) to service_role;
comment on function public.chat_save_push_subscription(text, boolean, uuid, text, text, text) is
  'POST /chat-session/push-subscriptions (admin, or a customer for its chat): this browser gets pushes.';

-- The caller's browser stops its pushes (only the caller's own subscription can go).
create function public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text)
returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  removed integer;
begin
  if p_is_admin then
    perform chat_private.require_admin(p_caller_id);
  end if;
  delete from chat_private.push_subscriptions
  where endpoint = p_endpoint and subscriber_id = p_caller_id
    and subscriber_type = case when p_is_admin then 'admin' else 'customer' end;
  get diagnostics removed = row_count;
  return jsonb_build_object('deleted', removed > 0);
end
$$;
revoke execute on function public.chat_delete_push_subscription(text, boolean, text) from public, anon, authenticated;
grant execute on function public.chat_delete_push_subscription(text, boolean, text) to service_role;
comment on function public.chat_delete_push_subscription(text, boolean, text) is
  'DELETE /chat-session/push-subscriptions (admin or customer): this browser stops getting pushes.';

-- The notifier, after pushing: a subscription its push service called gone (404 or 410) is
-- removed; one that took the push is marked.
create function public.chat_push_outcome(p_delivered bigint[], p_gone bigint[]) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  removed integer;
begin
  update chat_private.push_subscriptions set last_pushed_at = now() where id = any(coalesce(p_delivered, '{}'));
  delete from chat_private.push_subscriptions where id = any(coalesce(p_gone, '{}'));
  get diagnostics removed = row_count;
  return jsonb_build_object('removed', removed);
end
$$;
revoke execute on function public.chat_push_outcome(bigint[], bigint[]) from public, anon, authenticated;
grant execute on function public.chat_push_outcome(bigint[], bigint[]) to service_role;
comment on function public.chat_push_outcome(bigint[], bigint[]) is
  'tools.notifier (the scheduled notifier, no route): marks subscriptions pushed to, removes those gone (404, 410).';
