-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_set_team_settings(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_set_team_settings(p_admin_id text, p_auto_assign text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  chosen chat_private.team_settings;
begin
  perform chat_private.require_owner(p_admin_id);
  if p_auto_assign not in ('off', 'round_robin') then
    raise sqlstate 'PT400' using message = 'auto_assign must be off or round_robin';
  end if;
  insert into chat_private.team_settings as t (auto_assign, updated_by)
  values (p_auto_assign, p_admin_id::uuid)
  on conflict (singleton) do update set auto_assign = excluded.auto_assign, updated_at = now(),
    updated_by = excluded.updated_by
  returning * into chosen;
  return jsonb_build_object('auto_assign', chosen.auto_assign);
end
$$;

--
-- Name: FUNCTION chat_set_team_settings(p_admin_id text, p_auto_assign text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_set_team_settings(p_admin_id text, p_auto_assign text) IS 'PATCH /chat-session/team/settings (owner): the team''s choice of automatic assignment for new chats.';

--
-- Name: FUNCTION chat_set_team_settings(p_admin_id text, p_auto_assign text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_set_team_settings(p_admin_id text, p_auto_assign text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_set_team_settings(p_admin_id text, p_auto_assign text) TO service_role;
