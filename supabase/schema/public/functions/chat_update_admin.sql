-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_update_admin(text, uuid, text, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) RETURNS jsonb
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

--
-- Name: FUNCTION chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) IS 'PATCH /chat-session/team (owner): renames, changes the role of, deactivates or reactivates an admin.';

--
-- Name: FUNCTION chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) TO service_role;
