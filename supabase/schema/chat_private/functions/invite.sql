-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: invite(text, text, text, uuid); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.invite(p_email text, p_display_name text, p_role text, p_invited_by uuid) RETURNS jsonb
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

--
-- Name: FUNCTION invite(p_email text, p_display_name text, p_role text, p_invited_by uuid); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.invite(p_email text, p_display_name text, p_role text, p_invited_by uuid) FROM PUBLIC;
