-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: require_team_room(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.require_team_room() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION require_team_room(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.require_team_room() FROM PUBLIC;
