-- Every list fits a Lambda response (issue 35, item 3): notes, saved replies, the team and the
-- admins now pass through chat_private.page_within_budget like sessions and messages (at most
-- page_size rows and about 1 MB of JSON a page), with a real row cap applied before the rows
-- are aggregated, and say whether there is more. Notes and saved replies page by keyset
-- cursor; the team and its admins are capped in size instead (chat_private.max_team_size),
-- so one page always holds them.

create index chat_notes_chat_created_id on public.chat_notes (chat_id, created_at desc, id desc);
drop index public.chat_notes_chat_created;
create index saved_replies_title_id on chat_private.saved_replies (lower(title), id);

-- Admins and pending invitations a team may have: an invitation past it is refused (409).
create function chat_private.max_team_size() returns integer
language sql immutable set search_path = '' as $$ select 500 $$;

drop function public.chat_list_notes(uuid, text);
create function public.chat_list_notes(
  p_chat_id uuid,
  p_admin_id text,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 200
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  rows jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  if (p_before_created_at is null) <> (p_before_id is null) then
    raise sqlstate 'PT400' using message = 'the cursor needs both created_at and id';
  end if;
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  -- Newest first, so the budget keeps the newest; the page is turned back to oldest first.
  select coalesce(jsonb_agg(chat_private.note_json(recent) order by recent.created_at desc, recent.id desc), '[]')
  into rows
  from (
    select * from public.chat_notes n
    where n.chat_id = p_chat_id
      and (p_before_id is null or (n.created_at, n.id) < (p_before_created_at, p_before_id))
    order by n.created_at desc, n.id desc
    limit chat_private.page_limit(p_limit) + 1
  ) recent;
  return chat_private.page_within_budget('notes', rows, chat_private.page_limit(p_limit), reversed => true);
end
$$;
comment on function public.chat_list_notes(uuid, text, timestamptz, uuid, integer) is
  'GET /chat-message/notes (admin): a page of a chat''s private notes, oldest first, the newest page first (cursor: before).';

drop function public.chat_list_saved_replies(text);
create function public.chat_list_saved_replies(
  p_admin_id text,
  p_after_title text default null,
  p_after_id uuid default null,
  p_limit integer default 200
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  rows jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  if (p_after_title is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'the cursor needs both title and id';
  end if;
  select coalesce(jsonb_agg(chat_private.saved_reply_json(r) order by lower(r.title), r.id), '[]') into rows
  from (
    select * from chat_private.saved_replies s
    where p_after_id is null or (lower(s.title), s.id) > (lower(p_after_title), p_after_id)
    order by lower(s.title), s.id
    limit chat_private.page_limit(p_limit) + 1
  ) r;
  return chat_private.page_within_budget('replies', rows, chat_private.page_limit(p_limit));
end
$$;
comment on function public.chat_list_saved_replies(text, text, uuid, integer) is
  'GET /chat-message/replies (admin): a page of the team''s saved replies, by title (cursor: after).';

create or replace function public.chat_list_team(p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  rows jsonb;
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  select coalesce(jsonb_agg(m.member order by m.deactivated, lower(m.member ->> 'display_name')), '[]') into rows
  from (
    select * from (
      select chat_private.member_json(a, u) as member, a.deactivated_at is not null as deactivated
      from public.chat_admins a join auth.users u on u.id = a.user_id
      union all
      -- recorded, but Auth has not created the user: the email was not sent (invite again)
      select jsonb_build_object('user_id', null, 'email', i.email, 'display_name', i.display_name,
                                'role', i.role, 'status', 'not_sent', 'last_sign_in_at', null, 'online', false),
             false
      from chat_private.admin_invites i where i.invited_at > now() - interval '1 day'
    ) everyone
    -- deactivated admins last: past the cap (they do not count towards it) they are left out
    order by deactivated, lower(member ->> 'display_name')
    limit chat_private.max_team_size() + 1
  ) m;
  return chat_private.page_within_budget('members', rows, chat_private.max_team_size());
end
$$;

create or replace function public.chat_list_admins(p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  rows jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  select coalesce(jsonb_agg(jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name)
                            order by lower(a.display_name), a.user_id), '[]') into rows
  from (
    select * from public.chat_admins where deactivated_at is null
    order by lower(display_name), user_id
    limit chat_private.max_team_size() + 1
  ) a;
  return chat_private.page_within_budget('admins', rows, chat_private.max_team_size());
end
$$;

-- The team's size is capped where it grows: an invitation, and a reactivation.
create function chat_private.require_team_room() returns void
language plpgsql security definer set search_path = '' as $$
begin
  if (select count(*) from public.chat_admins where deactivated_at is null)
     + (select count(*) from chat_private.admin_invites i where i.invited_at > now() - interval '1 day'
          and not exists (select 1 from auth.users u join public.chat_admins a on a.user_id = u.id
                          where u.email = i.email))
     >= chat_private.max_team_size() then
    raise sqlstate 'PT409' using
      message = format('a team has at most %s admins: deactivate someone first', chat_private.max_team_size());
  end if;
end
$$;

revoke execute on function chat_private.max_team_size(), chat_private.require_team_room() from public;
revoke execute on function
  public.chat_list_notes(uuid, text, timestamptz, uuid, integer),
  public.chat_list_saved_replies(text, text, uuid, integer)
from public, anon, authenticated;
grant execute on function
  public.chat_list_notes(uuid, text, timestamptz, uuid, integer),
  public.chat_list_saved_replies(text, text, uuid, integer)
to service_role;

create or replace function chat_private.invite(p_email text, p_display_name text, p_role text, p_invited_by uuid) RETURNS jsonb
language plpgsql security definer set search_path = '' as $_$
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
$_$;

create or replace function public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text,
                                                    p_role text, p_active boolean)
returns jsonb
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
