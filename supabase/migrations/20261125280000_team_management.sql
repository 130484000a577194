-- Team management: an admin is an owner or an agent. Owners list the team, invite by email
-- (Supabase Auth's invite), rename, change roles, and deactivate or reactivate an admin.
-- A deactivated admin keeps its row (its name stays on what it wrote; notes and saved replies
-- reference it) but every check that says "an admin" now says "an active admin": the API
-- refuses its tokens at once, RLS hides every chat row from it (Realtime's postgres_changes
-- included), and a private channel refuses its next join.

alter table public.chat_admins
  add column role text not null default 'agent' check (role in ('owner', 'agent')),
  add column deactivated_at timestamptz;
-- Before roles every admin could do everything; each keeps that (an owner).
update public.chat_admins set role = 'owner';

-- Invitations waiting for Supabase Auth to create their user. Recorded (by an owner, in the
-- same call that checks it is one) before the API asks Auth to send the email; Auth's insert
-- into auth.users makes the invited user an admin in its own transaction (the trigger below),
-- so the admin exists exactly when the user does. An invitation Auth never acted on (it was
-- away) is sent again by inviting again, and lapses after a day, as Auth's link does.
create table chat_private.admin_invites (
  email text primary key check (email = lower(email) and char_length(email) between 3 and 254),
  display_name text not null check (char_length(display_name) between 1 and 100),
  role text not null check (role in ('owner', 'agent')),
  invited_by uuid references public.chat_admins(user_id),
  invited_at timestamptz not null default now()
);
revoke all on table chat_private.admin_invites from public, anon, authenticated, service_role;

create function chat_private.admit_invited_user() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- security definer: Auth inserts as supabase_auth_admin, which may not write our tables
  -- (supabase.com/docs/guides/troubleshooting/dashboard-errors-when-managing-users-N1ls4A).
  insert into public.chat_admins (user_id, display_name, email, role)
  select new.id, i.display_name, i.email, i.role
  from chat_private.admin_invites i
  where i.email = lower(new.email) and i.invited_at > now() - interval '1 day'
  on conflict (user_id) do nothing;
  delete from chat_private.admin_invites where email = lower(new.email);
  return new;
end
$$;
revoke execute on function chat_private.admit_invited_user() from public;
create trigger chat_admit_invited_user after insert on auth.users
  for each row execute function chat_private.admit_invited_user();

------------------------------------------------------------------------------------------
-- "An admin" is an active one, everywhere
------------------------------------------------------------------------------------------
create or replace function chat_private.require_admin(p_user_id text) returns void
language plpgsql stable security definer set search_path = '' as $$
declare
  deactivated timestamptz;
begin
  if p_user_id is null or p_user_id !~ '^[0-9a-fA-F-]{36}$' then
    raise sqlstate 'PT403' using message = 'this route is for admins';
  end if;
  select a.deactivated_at into deactivated from public.chat_admins a where a.user_id = p_user_id::uuid;
  if not found then
    raise sqlstate 'PT403' using message = 'this route is for admins';
  elsif deactivated is not null then
    raise sqlstate 'PT403' using message = 'your admin access was removed by an owner of the team';
  end if;
end
$$;

create or replace function chat_private.is_chat_admin() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.chat_admins
    where user_id::text = auth.jwt() ->> 'sub' and deactivated_at is null)
$$;

create function chat_private.require_owner(p_user_id text) returns void
language plpgsql stable security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_user_id);
  if not exists (select 1 from public.chat_admins where user_id = p_user_id::uuid and role = 'owner') then
    raise sqlstate 'PT403' using message = 'only an owner of the team can manage it';
  end if;
end
$$;
revoke execute on function chat_private.require_owner(text) from public;

create or replace function chat_private.next_assignee() returns public.chat_admins
language plpgsql volatile set search_path = '' as $$
declare
  chosen public.chat_admins;
begin
  perform pg_advisory_xact_lock(hashtext('chat_private.next_assignee'));
  select * into chosen from public.chat_admins a
  where a.online and a.seen_at > now() - interval '150 seconds' and a.deactivated_at is null
  order by a.last_assigned_at nulls first, a.user_id
  limit 1;
  if found then
    update public.chat_admins set last_assigned_at = clock_timestamp() where user_id = chosen.user_id;
  end if;
  return chosen;
end
$$;

create or replace function public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
  name text;
begin
  perform chat_private.require_admin(p_admin_id);
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

create or replace function public.chat_list_admins(p_admin_id text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_admin_id);
  return jsonb_build_object('admins', (
    select coalesce(jsonb_agg(jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name)
                              order by lower(a.display_name)), '[]')
    from public.chat_admins a where a.deactivated_at is null));
end
$$;
comment on function public.chat_list_admins(text) is
  'GET /chat-session/admins (admin): every active chat admin''s id and display name (whom a chat can go to).';

create or replace function public.chat_admin_profile(p_admin_id text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  profile jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  select jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name, 'role', a.role) into profile
  from public.chat_admins a where a.user_id = p_admin_id::uuid;
  return profile;
end
$$;
comment on function public.chat_admin_profile(text) is
  'GET /chat-session/me: the calling admin''s id, display name and role.';

------------------------------------------------------------------------------------------
-- The team, for its owners
------------------------------------------------------------------------------------------
-- An admin as the team list shows it. invited: Auth has sent the invitation and the person
-- has not accepted it (set a password) yet.
create function chat_private.member_json(a public.chat_admins, u auth.users) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'user_id', a.user_id,
    'email', a.email,
    'display_name', a.display_name,
    'role', a.role,
    'status', case when a.deactivated_at is not null then 'deactivated'
                   when u.email_confirmed_at is null then 'invited'
                   else 'active' end,
    'last_sign_in_at', u.last_sign_in_at,
    'online', a.online and a.seen_at > now() - interval '150 seconds' and a.deactivated_at is null
  )
$$;
revoke execute on function chat_private.member_json(public.chat_admins, auth.users) from public;

create function public.chat_list_team(p_admin_id text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
begin
  perform chat_private.require_owner(p_admin_id);
  return jsonb_build_object('members', (
    select coalesce(jsonb_agg(m.member order by m.deactivated, lower(m.member ->> 'display_name')), '[]')
    from (
      select chat_private.member_json(a, u) as member, a.deactivated_at is not null as deactivated
      from public.chat_admins a join auth.users u on u.id = a.user_id
      union all
      -- recorded, but Auth has not created the user: the email was not sent (invite again)
      select jsonb_build_object('user_id', null, 'email', i.email, 'display_name', i.display_name,
                                'role', i.role, 'status', 'not_sent', 'last_sign_in_at', null, 'online', false),
             false
      from chat_private.admin_invites i where i.invited_at > now() - interval '1 day'
    ) m));
end
$$;
revoke execute on function public.chat_list_team(text) from public, anon, authenticated;
grant execute on function public.chat_list_team(text) to service_role;
comment on function public.chat_list_team(text) is
  'GET /chat-session/team (owner): every admin with email, role and status, and invitations not sent yet.';

-- An invitation: p_invited_by null is the deployment itself (the first owner, by the secret
-- key). Returns {send_invite, member}: send_invite says Auth must (re)send the email.
create function chat_private.invite(p_email text, p_display_name text, p_role text, p_invited_by uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  invitee_email text := lower(btrim(p_email));
  invitee_name text := btrim(p_display_name);
  existing public.chat_admins;
  u auth.users;
begin
  if invitee_email is null or invitee_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or char_length(invitee_email) > 254 then
    raise sqlstate 'PT400' using message = 'email must be an email address';
  end if;
  if invitee_name is null or char_length(invitee_name) not between 1 and 100 then
    raise sqlstate 'PT400' using message = 'display_name must be 1 to 100 characters';
  end if;
  if p_role is null or p_role not in ('owner', 'agent') then
    raise sqlstate 'PT400' using message = 'role must be owner or agent';
  end if;
  select * into u from auth.users where email = invitee_email;
  if found then
    select * into existing from public.chat_admins a where a.user_id = u.id;
    if found and existing.deactivated_at is not null then
      raise sqlstate 'PT409' using message = invitee_email || ' was deactivated: reactivate them instead';
    elsif found and u.email_confirmed_at is not null then
      raise sqlstate 'PT409' using message = invitee_email || ' is already on the team';
    elsif found then  -- invited, not accepted yet: Auth sends the email again
      update public.chat_admins set display_name = invitee_name, role = p_role where user_id = u.id
      returning * into existing;
      return jsonb_build_object('send_invite', true, 'member', chat_private.member_json(existing, u));
    end if;
    -- a user of this project already (signed in before): an admin now, no email needed
    insert into public.chat_admins (user_id, display_name, email, role)
    values (u.id, invitee_name, invitee_email, p_role)
    returning * into existing;
    return jsonb_build_object('send_invite', false, 'member', chat_private.member_json(existing, u));
  end if;
  insert into chat_private.admin_invites (email, display_name, role, invited_by)
  values (invitee_email, invitee_name, p_role, p_invited_by)
  on conflict on constraint admin_invites_pkey do update
    set display_name = excluded.display_name, role = excluded.role,
        invited_by = excluded.invited_by, invited_at = now();
  return jsonb_build_object('send_invite', true, 'member', jsonb_build_object(
    'user_id', null, 'email', invitee_email, 'display_name', invitee_name, 'role', p_role,
    'status', 'not_sent', 'last_sign_in_at', null, 'online', false));
end
$$;
revoke execute on function chat_private.invite(text, text, text, uuid) from public;

create function public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text)
returns jsonb
language plpgsql security definer set search_path = '' as $$
begin
  perform chat_private.require_owner(p_admin_id);
  return chat_private.invite(p_email, p_display_name, p_role, p_admin_id::uuid);
end
$$;
revoke execute on function public.chat_invite_admin(text, text, text, text) from public, anon, authenticated;
grant execute on function public.chat_invite_admin(text, text, text, text) to service_role;
comment on function public.chat_invite_admin(text, text, text, text) is
  'POST /chat-session/team (owner): records an invitation (or adds an existing user) before Auth sends the email.';

-- The first owner of a new deployment, by whoever holds the project's secret key
-- (python -m tools.first_owner). Refused once the team has an active owner.
create function public.chat_invite_first_owner(p_email text, p_display_name text) returns jsonb
language plpgsql security definer set search_path = '' as $$
begin
  perform pg_advisory_xact_lock(hashtext('chat_private.team_owners'));
  -- an owner who has not accepted yet does not count: running the command again resends
  if exists (select 1 from public.chat_admins a join auth.users u on u.id = a.user_id
             where a.role = 'owner' and a.deactivated_at is null and u.email_confirmed_at is not null) then
    raise sqlstate 'PT409' using message = 'the team has an owner already: they invite everyone else';
  end if;
  return chat_private.invite(p_email, p_display_name, 'owner', null);
end
$$;
revoke execute on function public.chat_invite_first_owner(text, text) from public, anon, authenticated;
grant execute on function public.chat_invite_first_owner(text, text) to service_role;
comment on function public.chat_invite_first_owner(text, text) is
  'tools.first_owner (secret key, no route): invites the first owner of a team that has none.';

-- PATCH /chat-session/team: null leaves a field as it is. The team always keeps an active
-- owner: demotions and deactivations of owners take one lock, so two owners demoting each
-- other at once cannot both succeed.
create function public.chat_update_admin(
  p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  a public.chat_admins;
  u auth.users;
  new_name text := btrim(p_display_name);
begin
  -- the lock first: the caller is checked as an owner after any change that could demote it
  perform pg_advisory_xact_lock(hashtext('chat_private.team_owners'));
  perform chat_private.require_owner(p_admin_id);
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
                     where o.role = 'owner' and o.deactivated_at is null and o.user_id <> a.user_id) then
    raise sqlstate 'PT409' using message = 'the team needs an owner: make someone else an owner first';
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
revoke execute on function public.chat_update_admin(text, uuid, text, text, boolean) from public, anon, authenticated;
grant execute on function public.chat_update_admin(text, uuid, text, text, boolean) to service_role;
comment on function public.chat_update_admin(text, uuid, text, text, boolean) is
  'PATCH /chat-session/team (owner): renames, changes the role of, deactivates or reactivates an admin.';
