-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: require_owner(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.require_owner(p_user_id text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_user_id);
  if not exists (select 1 from public.chat_admins where user_id = p_user_id::uuid and role = 'owner') then
    raise sqlstate 'PT403' using message = 'only an owner of the team can manage it';
  end if;
end
$$;

--
-- Name: FUNCTION require_owner(p_user_id text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.require_owner(p_user_id text) FROM PUBLIC;
