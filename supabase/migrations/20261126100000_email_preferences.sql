-- Who may be emailed (issue 15, item 3): a customer can stop the emails about its chat (the
-- email's one-click List-Unsubscribe), an admin chooses for its account (every unread chat
-- routed to it, only chats assigned to it, or none), and an address SES reported as bouncing
-- or complaining is never emailed again. The notifier's claim checks all three at send time,
-- so a choice made after a window opened still holds.

alter table public.chat_admins
  add column email_notifications text not null default 'all'
    check (email_notifications in ('all', 'assigned', 'off'));
comment on column public.chat_admins.email_notifications is
  'Unread-message emails: all (every chat routed to this admin), assigned (only its own chats), off.';

-- A customer who stopped the emails about its chat (by the link in one of them).
create table chat_private.customer_email_optouts (
  chat_id uuid primary key references public.chat_sessions(id) on delete cascade,
  opted_out_at timestamptz not null default now()
);
revoke all on table chat_private.customer_email_optouts from public, anon, authenticated, service_role;

-- Addresses SES reported as permanently bouncing, or whose owner marked an email as spam:
-- never emailed again (sending to them harms the sender's reputation, and SES would drop it).
create table chat_private.email_suppressions (
  email text primary key check (email = lower(email) and char_length(email) between 3 and 320),
  reason text not null check (reason in ('bounce', 'complaint')),
  detail text check (char_length(detail) <= 500),
  suppressed_at timestamptz not null default now()
);
revoke all on table chat_private.email_suppressions from public, anon, authenticated, service_role;

-- Why a notification was not sent, when it was skipped.
alter table chat_private.notifications
  add column skipped_because text check (skipped_because in
    ('read', 'closed', 'deactivated', 'opted_out', 'suppressed', 'preference'));

-- May this admin be told about a customer's message in chat s: its preference and the routing
-- (the assignee, or every active admin while nobody is assigned).
create function chat_private.admin_wants_email(a public.chat_admins, s public.chat_sessions) returns boolean
language sql stable set search_path = '' as $$
  select a.deactivated_at is null and case a.email_notifications
    when 'all' then s.assignee_id is null or s.assignee_id = a.user_id
    when 'assigned' then s.assignee_id = a.user_id
    else false
  end
$$;
revoke execute on function chat_private.admin_wants_email(public.chat_admins, public.chat_sessions) from public;

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
    where new.sender_type = 'admin' and s.customer_email is not null
      and not exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id)
    union all
    select 'admin', a.user_id::text
    from public.chat_admins a
    where new.sender_type = 'customer' and chat_private.admin_wants_email(a, s)
  ) r
  on conflict (chat_id, recipient_type, recipient_id) where state in ('pending', 'sending') do nothing;
  return null;
end
$$;

-- Whom a notification goes to now, or why nobody: (recipient, reason) with exactly one null.
create function chat_private.notification_recipient(
  n chat_private.notifications, s public.chat_sessions, out recipient jsonb, out skipped_because text
)
language plpgsql stable set search_path = '' as $$
declare
  a public.chat_admins;
  address text;
begin
  if n.recipient_type = 'customer' then
    if exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id) then
      skipped_because := 'opted_out';
      return;
    end if;
    address := s.customer_email;
    recipient := jsonb_build_object('email', s.customer_email, 'name', s.customer_name);
  else
    select * into a from public.chat_admins where user_id::text = n.recipient_id;
    if a.user_id is null or a.deactivated_at is not null then
      skipped_because := 'deactivated';
      return;
    end if;
    if not chat_private.admin_wants_email(a, s) then
      skipped_because := 'preference';
      return;
    end if;
    address := a.email;
    recipient := jsonb_build_object('email', a.email, 'name', a.display_name);
  end if;
  if address is null or exists (select 1 from chat_private.email_suppressions x where x.email = lower(address)) then
    recipient := null;
    skipped_because := 'suppressed';
  end if;
end
$$;
revoke execute on function chat_private.notification_recipient(chat_private.notifications, public.chat_sessions)
  from public;

create or replace function public.chat_claim_notifications(p_worker text, p_limit integer) returns jsonb
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
    messages := chat_private.notification_digest(n);
    select r.recipient, r.skipped_because into recipient, skipped from chat_private.notification_recipient(n, s) r;
    skipped := case
      when s.status <> 'open' then 'closed'
      when jsonb_array_length(messages) = 0 then 'read'
      else skipped
    end;
    if skipped is not null then
      update chat_private.notifications set state = 'skipped', skipped_because = skipped, finished_at = now()
      where id = n.id;
      continue;
    end if;
    update chat_private.notifications
    set state = 'sending', claimed_at = now(), claimed_by = p_worker, attempts = attempts + 1
    where id = n.id;
    claimed := claimed || jsonb_build_object(
      'id', n.id, 'chat_id', n.chat_id, 'recipient_type', n.recipient_type, 'recipient_id', n.recipient_id,
      'recipient', recipient, 'customer_name', s.customer_name, 'messages', messages,
      -- the customer's link, for the API to show again in the email (never revoked by it)
      'link', case when n.recipient_type = 'customer' then (
        select jsonb_build_object('token_hash', encode(l.token_hash, 'hex'), 'expires_at', l.expires_at)
        from chat_private.chat_links l where l.chat_id = n.chat_id) end);
  end loop;
  return jsonb_build_object('notifications', claimed);
end
$$;

-- The outcome of a claimed notification: sent; or failed, retried with backoff (a minute, then
-- doubling) until the attempts run out, or given up at once when the failure is permanent (the
-- address was refused: retrying cannot help). Only the run that holds the claim may record it.
drop function public.chat_record_notification(bigint, text, boolean, text);
create function public.chat_record_notification(
  p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean default false
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
  if p_sent then
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
  return jsonb_build_object('id', n.id, 'state', n.state, 'attempts', n.attempts);
end
$$;
revoke execute on function public.chat_record_notification(bigint, text, boolean, text, boolean)
  from public, anon, authenticated;
grant execute on function public.chat_record_notification(bigint, text, boolean, text, boolean) to service_role;
comment on function public.chat_record_notification(bigint, text, boolean, text, boolean) is
  'tools.notifier (the scheduled notifier, no route): records a claimed notification as sent, or failed (retried with backoff, or given up at once when permanent).';

-- SES's bounce and complaint events (through the configuration set's SNS topic): the address
-- is not emailed again. Idempotent: SES may deliver an event more than once.
create function public.chat_suppress_email(p_email text, p_reason text, p_detail text) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
begin
  if p_email is null or p_email !~ '^[^@\s]+@[^@\s]+$' or char_length(p_email) > 320 then
    raise sqlstate 'PT400' using message = 'an email address is needed';
  end if;
  if p_reason is null or p_reason not in ('bounce', 'complaint') then
    raise sqlstate 'PT400' using message = 'the reason is bounce or complaint';
  end if;
  insert into chat_private.email_suppressions (email, reason, detail)
  values (lower(p_email), p_reason, left(p_detail, 500))
  on conflict (email) do nothing;
  return jsonb_build_object('email', lower(p_email), 'suppressed', true);
end
$$;
revoke execute on function public.chat_suppress_email(text, text, text) from public, anon, authenticated;
grant execute on function public.chat_suppress_email(text, text, text) to service_role;
comment on function public.chat_suppress_email(text, text, text) is
  'tools.notifier (SES bounce and complaint events, no route): never email this address again.';

-- The one-click unsubscribe (RFC 8058), and its undo: the API has checked the token (an HMAC
-- naming the recipient and the chat), so this only applies it. A customer stops the emails
-- about its chat; an admin turns its account's emails off (or back to every unread chat).
-- p_subscribed null: only say how things stand.
create function public.chat_email_subscription(
  p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean
) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  s public.chat_sessions;
  a public.chat_admins;
begin
  select * into s from public.chat_sessions where id = p_chat_id;
  if p_recipient_type = 'customer' then
    if s.id is null or s.customer_id::text is distinct from p_recipient_id then
      raise sqlstate 'PT404' using message = 'no such chat';
    end if;
    if p_subscribed then
      delete from chat_private.customer_email_optouts where chat_id = s.id;
    elsif p_subscribed is not null then
      insert into chat_private.customer_email_optouts (chat_id) values (s.id) on conflict do nothing;
    end if;
    return jsonb_build_object(
      'recipient_type', 'customer', 'scope', 'chat',
      'subscribed', not exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id));
  elsif p_recipient_type = 'admin' then
    select * into a from public.chat_admins where user_id::text = p_recipient_id and deactivated_at is null;
    if a.user_id is null then
      raise sqlstate 'PT404' using message = 'no such admin';
    end if;
    if p_subscribed is not null then
      update public.chat_admins set email_notifications = case when p_subscribed then 'all' else 'off' end
      where user_id = a.user_id returning * into a;
    end if;
    return jsonb_build_object(
      'recipient_type', 'admin', 'scope', 'account', 'subscribed', a.email_notifications <> 'off');
  end if;
  raise sqlstate 'PT400' using message = 'the recipient is a customer or an admin';
end
$$;
revoke execute on function public.chat_email_subscription(text, text, uuid, boolean) from public, anon, authenticated;
grant execute on function public.chat_email_subscription(text, text, uuid, boolean) to service_role;
comment on function public.chat_email_subscription(text, text, uuid, boolean) is
  'POST /chat-session/unsubscribe (the email''s signed token): stop (or restart) unread-message emails; GET says how they stand.';

-- The dashboard's notification choices for the signed-in admin.
create function public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_admin_id);
  if p_email_notifications is null or p_email_notifications not in ('all', 'assigned', 'off') then
    raise sqlstate 'PT400' using message = 'email_notifications is all, assigned or off';
  end if;
  update public.chat_admins set email_notifications = p_email_notifications where user_id = p_admin_id::uuid;
  return public.chat_admin_profile(p_admin_id);
end
$$;
revoke execute on function public.chat_set_admin_preferences(text, text) from public, anon, authenticated;
grant execute on function public.chat_set_admin_preferences(text, text) to service_role;
comment on function public.chat_set_admin_preferences(text, text) is
  'PATCH /chat-session/me (admin): the calling admin''s choice of unread-message emails.';

create or replace function public.chat_admin_profile(p_admin_id text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  profile jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  select jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name, 'role', a.role,
                            'email_notifications', a.email_notifications) into profile
  from public.chat_admins a where a.user_id = p_admin_id::uuid;
  return profile;
end
$$;
