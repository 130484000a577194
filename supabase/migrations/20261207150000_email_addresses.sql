-- Email addresses (issue 35, item 10) are what the database and SES both take: a dot-atom
-- local part of printable ASCII (at most 64 characters), a DNS domain with a letter TLD, 254
-- at most; no control character, space or non-ASCII (SES sends no SMTPUTF8 local part). One
-- check, chat_private.is_email, for new chats, invitations and data requests; the API's
-- models hold the same pattern (chat_core.models.EMAIL_PATTERN), so a bad address is a 422
-- before it gets here. Chats stored before keep their address: only new ones are checked.

create function chat_private.is_email(address text) returns boolean
language sql immutable set search_path = '' as $$
  select address is not null
     and char_length(address) <= 254
     and char_length(split_part(address, '@', 1)) <= 64
     and address ~ '^[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$'
$$;
revoke execute on function chat_private.is_email(text) from public;

create or replace function public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  chosen public.chat_admins;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('create_per_admin', format('create:%s', p_admin_id));
  if nullif(btrim(p_customer_email), '') is not null and not chat_private.is_email(btrim(p_customer_email)) then
    raise sqlstate 'PT400' using message = 'customer_email must be an email address';
  end if;
  if p_auto_assign then
    chosen := chat_private.next_assignee();
  end if;
  insert into public.chat_sessions (id, customer_name, customer_email, metadata, assignee_id, assignee_name)
  values (p_id, nullif(btrim(p_customer_name), ''), nullif(btrim(p_customer_email), ''), p_metadata,
          chosen.user_id, chosen.display_name)
  returning * into s;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (s.id, decode(p_link_token_hash, 'hex'), p_link_expires_at);
  return chat_private.session_json(s);
end
$$;

create or replace function chat_private.invite(p_email text, p_display_name text, p_role text, p_invited_by uuid) RETURNS jsonb
language plpgsql security definer set search_path = '' as $_$
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

create or replace function chat_private.valid_email(p_email text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
begin
  if not chat_private.is_email(p_email) then
    raise sqlstate 'PT400' using message = 'email must be an email address';
  end if;
  return lower(p_email);
end
$_$;
