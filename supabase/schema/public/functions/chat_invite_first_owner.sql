-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_invite_first_owner(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_invite_first_owner(p_email text, p_display_name text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION chat_invite_first_owner(p_email text, p_display_name text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_invite_first_owner(p_email text, p_display_name text) IS 'tools.first_owner (secret key, no route): invites the first owner of a team that has none.';

--
-- Name: FUNCTION chat_invite_first_owner(p_email text, p_display_name text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_invite_first_owner(p_email text, p_display_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_invite_first_owner(p_email text, p_display_name text) TO service_role;
