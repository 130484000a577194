-- Every route that writes, sends or costs has a budget per caller (issue 35, item 9), kept
-- in chat_private.rate_limits like the others (429 with Retry-After): inviting (per owner, and
-- per team an hour: each invitation is an email Auth sends), a customer's data export and
-- erasure (each an S3 file or a scan), the unsubscribe link (no credential: per recipient),
-- showing a link, closing, reopening, assigning, the dashboard's online beat, push
-- subscriptions, deleting a saved reply, changing the team and one's preferences, and a
-- transcript (an S3 file). Uploads now have a budget per chat and side, so a customer taking
-- upload tickets never stops the admins attaching files. Admins' and customers' budgets are
-- apart everywhere: every bucket names its caller, or its side.

insert into chat_private.rate_limits (action, max_events, per_seconds) values
  ('invite_per_owner', 20, 3600),
  ('invite_per_team', 50, 3600),
  ('customer_export_per_owner', 10, 600),
  ('erase_per_owner', 10, 600),
  ('unsubscribe_per_recipient', 20, 600),
  ('link_per_admin', 60, 60),
  ('close_per_admin', 60, 60),
  ('reopen_per_admin', 60, 60),
  ('assign_per_admin', 120, 60),
  ('online_per_admin', 30, 60),
  ('push_subscription_per_caller', 20, 600),
  ('team_update_per_owner', 60, 60),
  ('preferences_per_admin', 30, 60),
  ('transcript_per_caller', 30, 600);

create or replace function public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('invite_per_owner', format('invite:%s', p_admin_id));
  perform chat_private.spend_for('invite_per_team', 'invite:team');
  return chat_private.invite(p_email, p_display_name, p_role, p_admin_id::uuid);
end
$$;

create or replace function public.chat_current_link(p_chat_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  link chat_private.chat_links;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('link_per_admin', format('link:%s', p_admin_id));
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  select * into link from chat_private.chat_links where chat_id = p_chat_id;
  return jsonb_build_object(
    'session', chat_private.session_json(s),
    'token_hash', encode(link.token_hash, 'hex'),
    'expires_at', link.expires_at);
end
$$;

create or replace function public.chat_reopen_session(p_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('reopen_per_admin', format('reopen:%s', p_admin_id));
  update public.chat_sessions
  set status = 'open', closed_at = null
  where id = p_id and status = 'closed'
  returning * into s;
  if not found then  -- already open (idempotent), or no such chat
    select * into s from public.chat_sessions where id = p_id;
    if not found then
      raise sqlstate 'PT404' using message = 'chat session not found';
    end if;
  end if;
  return chat_private.session_json(s);
end
$$;

create or replace function public.chat_close_session(p_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('close_per_admin', format('close:%s', p_admin_id));
  update public.chat_sessions
  set status = 'closed', closed_at = now()
  where id = p_id and status = 'open'
  returning * into s;
  if not found then
    select * into s from public.chat_sessions where id = p_id;
    if not found then
      raise sqlstate 'PT404' using message = 'chat session not found';
    end if;
  end if;
  return chat_private.session_json(s);
end
$$;

create or replace function public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  name text;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('assign_per_admin', format('assign:%s', p_admin_id));
  if p_assignee_id is not null then
    select a.display_name into name from public.chat_admins a
    where a.user_id = p_assignee_id and a.deactivated_at is null;
    if not found then
      raise sqlstate 'PT400' using message = 'assignee_id is not an active chat admin';
    end if;
  end if;
  update public.chat_sessions set assignee_id = p_assignee_id, assignee_name = name
  where id = p_chat_id
  returning * into s;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  return chat_private.session_for_admin(s, p_admin_id);
end
$$;

create or replace function public.chat_admin_online(p_admin_id text, p_online boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('online_per_admin', format('online:%s', p_admin_id));
  if p_online is null then
    raise sqlstate 'PT400' using message = 'online must be true or false';
  end if;
  -- A beat soon after the last one writes nothing.
  update public.chat_admins set online = p_online, seen_at = now()
  where user_id = p_admin_id::uuid and not (online and p_online and seen_at > now() - interval '20 seconds');
  return jsonb_build_object('online', p_online);
end
$$;

create or replace function public.chat_delete_reply(p_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('save_reply_per_admin', format('save_reply:%s', p_admin_id));
  delete from chat_private.saved_replies where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'saved reply not found';
  end if;
  return jsonb_build_object('id', p_id, 'deleted', true);
end
$$;

create or replace function public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  a public.chat_admins;
  u auth.users;
  new_name text := btrim(p_display_name);
begin
  -- the lock first: the caller is checked as an owner after any change that could demote it
  perform pg_advisory_xact_lock(hashtext('chat_private.team_owners'));
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('team_update_per_owner', format('team_update:%s', p_admin_id));
  if p_display_name is not null and char_length(new_name) not between 1 and 100 then
    raise sqlstate 'PT400' using message = 'display_name must be 1 to 100 characters';
  end if;
  if p_role is not null and p_role not in ('owner', 'agent') then
    raise sqlstate 'PT400' using message = 'role must be owner or agent';
  end if;
  select * into a from public.chat_admins where user_id = p_user_id for update;
  if not found then
    raise sqlstate 'PT404' using message = 'no admin has this user_id';
  end if;
  if a.role = 'owner' and a.deactivated_at is null
     and (p_role = 'agent' or p_active is false)
     and not exists (select 1 from public.chat_admins o
                     join auth.users ou on ou.id = o.user_id
                     where o.role = 'owner' and o.deactivated_at is null and o.user_id <> a.user_id
                       and ou.last_sign_in_at is not null) then
    raise sqlstate 'PT409' using
      message = 'the team needs an owner who has signed in: make someone else an owner, and wait for them to sign in, first';
  end if;
  if p_active and a.deactivated_at is not null then
    perform chat_private.require_team_room();
  end if;
  update public.chat_admins set
    display_name = coalesce(new_name, display_name),
    role = coalesce(p_role, role),
    deactivated_at = case when p_active is null then deactivated_at
                          when p_active then null
                          else coalesce(deactivated_at, now()) end,
    online = online and coalesce(p_active, true)
  where user_id = p_user_id
  returning * into a;
  -- What the dashboards and customers show follows at once (and live: chat_sessions is published).
  if p_active is false then
    update public.chat_sessions set assignee_id = null, assignee_name = null
    where assignee_id = p_user_id and status = 'open';
  elsif p_display_name is not null then
    update public.chat_sessions set assignee_name = a.display_name
    where assignee_id = p_user_id and assignee_name is distinct from a.display_name;
  end if;
  select * into u from auth.users where id = p_user_id;
  return chat_private.member_json(a, u);
end
$$;

create or replace function public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('preferences_per_admin', format('preferences:%s', p_admin_id));
  if p_email_notifications is null or p_email_notifications not in ('all', 'assigned', 'off') then
    raise sqlstate 'PT400' using message = 'email_notifications is all, assigned or off';
  end if;
  update public.chat_admins set email_notifications = p_email_notifications where user_id = p_admin_id::uuid;
  return public.chat_admin_profile(p_admin_id);
end
$$;

create or replace function public.chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  a public.chat_admins;
begin
  perform chat_private.spend_for('unsubscribe_per_recipient', format('unsubscribe:%s:%s:%s', p_recipient_type, p_recipient_id, p_chat_id));
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

create or replace function public.chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text) RETURNS jsonb
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

create or replace function public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  removed integer;
begin
  if p_is_admin then
    perform chat_private.require_admin(p_caller_id);
  end if;
  perform chat_private.spend_for('push_subscription_per_caller', format('push:%s:%s', case when p_is_admin then 'admin' else 'customer' end, p_caller_id));
  delete from chat_private.push_subscriptions
  where endpoint = p_endpoint and subscriber_id = p_caller_id
    and subscriber_type = case when p_is_admin then 'admin' else 'customer' end;
  get diagnostics removed = row_count;
  return jsonb_build_object('deleted', removed > 0);
end
$$;

create or replace function public.chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  rows jsonb;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  if p_after_seq is null or p_after_seq < 0 then
    raise sqlstate 'PT400' using message = 'after_seq must be 0 or more';
  end if;
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if p_after_seq = 0 then
    perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
    perform chat_private.spend_for('transcript_per_caller', format('transcript:%s', p_caller));
  end if;
  select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq), '[]') into rows
  from (
    select * from public.chat_messages m
    where m.chat_id = p_chat_id and m.seq > p_after_seq
    order by m.seq
    limit 2001
  ) page;
  return chat_private.page_within_budget('messages', rows, 2000);
end
$$;

create or replace function public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if s.status <> 'open' then
    raise sqlstate 'PT409' using message = 'chat session is closed';
  end if;
  perform chat_private.spend_for('upload_per_chat',
    format('upload:%s:%s', p_chat_id, case when p_as_admin then 'admin' else 'customer' end));
  return jsonb_build_object('chat_id', s.id);
end
$$;

create or replace function public.chat_customer_chats(p_email text, p_caller text, p_export_key text default null)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  email text := chat_private.valid_email(p_email);
  chats uuid[];
begin
  perform chat_private.require_owner(p_caller);
  -- an export and an erasure (which lists the chats first) each have their budget
  perform chat_private.spend_for(case when p_export_key is null then 'erase_per_owner' else 'customer_export_per_owner' end,
                                 format('customer_data:%s:%s', p_export_key is null, p_caller));
  select coalesce(array_agg(s.id order by s.created_at, s.id), '{}') into chats
  from public.chat_sessions s where lower(s.customer_email) = email;
  perform chat_private.record_export(p_export_key, chats);
  return jsonb_build_object(
    'chats', (select coalesce(jsonb_agg(chat_private.session_json(s) order by s.created_at, s.id), '[]')
              from public.chat_sessions s where s.id = any(chats)),
    -- the export files that hold any of them (this export's own included)
    'export_files', (select coalesce(jsonb_agg(distinct f.key), '[]')
                     from chat_private.export_files f where f.chat_id = any(chats)));
end
$$;
