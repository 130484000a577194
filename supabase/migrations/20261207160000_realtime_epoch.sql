-- Deactivation ends the person's Realtime channels at once (issue 35, item 8). Supabase
-- Realtime checks a private channel's policies when it is joined and when its client sends a
-- new access token (supabase/realtime lib/realtime_web/channels/realtime_channel.ex,
-- handle_in "access_token" and check_read_permissions_revoked), never in between: a
-- deactivated admin's open channel would keep receiving typing and presence, and keep being
-- seen as support online and typing, until its token was refreshed. Nothing can close another
-- client's channel, so everyone else leaves it instead: the rooms that carry broadcast and
-- presence (support, chat:<id>, chat-team:<id>) are named by the pages with the team's
-- Realtime epoch (support@7), a deactivation moves the epoch on, every page hears it (postgres_changes on
-- chat_realtime_epoch, which RLS no longer shows the deactivated admin) and joins the new
-- rooms, and the policies let nobody join a room of an epoch gone by. The deactivated admin
-- is left alone in the old rooms, and cannot join the new ones.

create table public.chat_realtime_epoch (
  singleton boolean primary key default true check (singleton),
  epoch bigint not null default 1,
  changed_at timestamptz not null default now()
);
insert into public.chat_realtime_epoch default values;
alter table public.chat_realtime_epoch enable row level security;
create policy chat_realtime_epoch_read_customer_or_admin on public.chat_realtime_epoch for select to authenticated
  using ((select auth.jwt() ->> 'chat_id') is not null or (select chat_private.is_chat_admin()));
revoke all on table public.chat_realtime_epoch from public, anon, authenticated, service_role;
-- Anonymous subscribers get the key column only, so Realtime sends them nothing (as chat_presence).
grant select on table public.chat_realtime_epoch to authenticated;
grant select (singleton) on table public.chat_realtime_epoch to anon;
comment on table public.chat_realtime_epoch is
  'The epoch in the names of the Realtime rooms with broadcast and presence (support@<epoch>); a deactivation moves it on.';

do $$
begin
  if not exists (
    select 1 from pg_publication_tables
    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'chat_realtime_epoch'
  ) then
    alter publication supabase_realtime add table public.chat_realtime_epoch;
  end if;
end
$$;

create function chat_private.realtime_epoch() returns bigint
language sql stable security definer set search_path = '' as $$
  select epoch from public.chat_realtime_epoch
$$;

-- A room's name is its topic and, for the rooms pages meet in, @<epoch>, which must be the
-- current one; the same topic without an epoch (postgres_changes alone, as the dashboard's
-- and the tests' subscriptions use it) is judged as before.
create function chat_private.topic_room(topic text) returns text
language sql immutable set search_path = '' as $$
  select case when topic ~ '@[0-9]{1,18}$' then split_part(topic, '@', 1) else topic end
$$;

create or replace function chat_private.may_use_topic(topic text) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce(
    case
      when topic ~ '@[0-9]{1,18}$' and split_part(topic, '@', 2)::bigint <> chat_private.realtime_epoch() then false
      when chat_private.topic_room(topic) = 'dashboard' then chat_private.is_chat_admin()
      when chat_private.topic_room(topic) = 'support' then
        auth.jwt() ->> 'chat_id' is not null or chat_private.is_chat_admin()
      when chat_private.topic_room(topic) like 'chat-team:%' then chat_private.is_chat_admin()
      when chat_private.topic_room(topic) like 'chat:%' then
        substr(chat_private.topic_room(topic), 6) = auth.jwt() ->> 'chat_id' or chat_private.is_chat_admin()
      else false
    end,
    false)
$$;

create or replace function chat_private.may_write_topic(topic text) returns boolean
language sql stable security definer set search_path = '' as $$
  select case when chat_private.topic_room(topic) = 'support'
              then coalesce(chat_private.is_chat_admin(), false) and chat_private.may_use_topic(topic)
              else chat_private.may_use_topic(topic) end
$$;

revoke execute on function chat_private.realtime_epoch(), chat_private.topic_room(text) from public;
grant execute on function chat_private.realtime_epoch(), chat_private.topic_room(text) to authenticated;

create or replace function public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  a public.chat_admins;
  was_active boolean;
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
  was_active := a.deactivated_at is null;
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
  if p_active is false and was_active then
    -- every page moves to new Realtime rooms, which the deactivated admin cannot join
    update public.chat_realtime_epoch set epoch = epoch + 1, changed_at = now();
  end if;
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

create or replace function public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  select sessions.* into s
  from public.chat_sessions sessions
  join chat_private.chat_links links on links.chat_id = sessions.id
  where sessions.id = p_chat_id
    and links.token_hash = decode(p_link_token_hash, 'hex')
    and links.expires_at > now();
  if not found then
    perform chat_private.spend_for('join_failures_per_chat', format('join:chat:%s', p_chat_id));
    perform chat_private.spend_for('join_failures_per_address', format('join:address:%s', p_client_address));
    return jsonb_build_object('refused', true);
  end if;
  perform chat_private.spend_for('join_per_chat', format('join:ok:%s', p_chat_id));
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id,
                            'realtime_epoch', chat_private.realtime_epoch());
end
$$;

create or replace function public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  s public.chat_sessions;
begin
  if p_link is null or p_link !~ '^[0-9a-f]{16}$' then
    raise sqlstate 'PT401' using message = 'this token cannot be renewed: open the chat link again';
  end if;
  perform chat_private.spend_for('renew_per_chat', format('renew:%s', p_chat_id));
  select sessions.* into s
  from public.chat_sessions sessions
  join chat_private.chat_links links on links.chat_id = sessions.id
  where sessions.id = p_chat_id
    and sessions.customer_id = p_customer_id
    and left(encode(links.token_hash, 'hex'), 16) = p_link
    and links.expires_at > now();
  if not found then
    raise sqlstate 'PT401' using message = 'this chat link is invalid, expired or was replaced';
  end if;
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id,
                            'realtime_epoch', chat_private.realtime_epoch());
end
$_$;

create or replace function public.chat_admin_profile(p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  profile jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  select jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name, 'role', a.role,
                            'email_notifications', a.email_notifications,
                            'realtime_epoch', chat_private.realtime_epoch()) into profile
  from public.chat_admins a where a.user_id = p_admin_id::uuid;
  return profile;
end
$$;
