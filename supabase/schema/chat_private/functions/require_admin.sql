-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: require_admin(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.require_admin(p_user_id text) RETURNS void
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

--
-- Name: FUNCTION require_admin(p_user_id text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.require_admin(p_user_id text) IS 'Every admin route: refuses (PT403) a caller who is not in chat_admins, in the same call as the operation.';

--
-- Name: FUNCTION require_admin(p_user_id text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.require_admin(p_user_id text) FROM PUBLIC;
