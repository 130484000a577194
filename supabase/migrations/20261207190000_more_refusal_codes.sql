-- More stable refusal codes, in the error's hint (see 20261207180000_refusal_codes.sql), for
-- the refusals the pages word: admin_deactivated (a deactivated admin's every call),
-- invitee_deactivated and already_on_team (an invitation), last_owner (the team keeps an owner
-- who has signed in).

create or replace function chat_private.require_admin(p_user_id text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
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
    raise sqlstate 'PT403' using message = 'your admin access was removed by an owner of the team',
      hint = 'admin_deactivated';
  end if;
end
$_$;

create or replace function chat_private.invite(p_email text, p_display_name text, p_role text, p_invited_by uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  invitee_email text := lower(btrim(p_email));
  invitee_name text := btrim(p_display_name);
  existing public.chat_admins;
  u auth.users;
begin
  if not chat_private.is_email(invitee_email) then
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
      raise sqlstate 'PT409' using message = invitee_email || ' was deactivated: reactivate them instead',
        hint = 'invitee_deactivated';
    elsif found and u.email_confirmed_at is not null then
      raise sqlstate 'PT409' using message = invitee_email || ' is already on the team',
        hint = 'already_on_team';
    elsif found then  -- invited, not accepted yet: Auth sends the email again
      update public.chat_admins set display_name = invitee_name, role = p_role where user_id = u.id
      returning * into existing;
      return jsonb_build_object('send_invite', true, 'member', chat_private.member_json(existing, u));
    end if;
    -- a user of this project already (signed in before): an admin now, no email needed
    perform chat_private.require_team_room();
    insert into public.chat_admins (user_id, display_name, email, role)
    values (u.id, invitee_name, invitee_email, p_role)
    returning * into existing;
    return jsonb_build_object('send_invite', false, 'member', chat_private.member_json(existing, u));
  end if;
  if not exists (select 1 from chat_private.admin_invites i
                 where i.email = invitee_email and i.invited_at > now() - interval '1 day') then
    perform chat_private.require_team_room();
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
      message = 'the team needs an owner who has signed in: make someone else an owner, and wait for them to sign in, first',
      hint = 'last_owner';
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
