-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_list_team(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_team(p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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
  return chat_private.page_within_budget('members', rows, chat_private.max_team_size())
    || jsonb_build_object('auto_assign', (select t.auto_assign from chat_private.team_settings t));
end
$$;

--
-- Name: FUNCTION chat_list_team(p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_team(p_admin_id text) IS 'GET /chat-session/team (owner): every admin with email, role and status, and invitations not sent yet.';

--
-- Name: FUNCTION chat_list_team(p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_team(p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_team(p_admin_id text) TO service_role;
