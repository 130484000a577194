-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: member_json(public.chat_admins, auth.users); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.member_json(a public.chat_admins, u auth.users) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  select jsonb_build_object(
    'user_id', a.user_id,
    'email', a.email,
    'display_name', a.display_name,
    'role', a.role,
    'status', case when a.deactivated_at is not null then 'deactivated'
                   when u.email_confirmed_at is null then 'invited'
                   else 'active' end,
    'last_sign_in_at', u.last_sign_in_at,
    'online', a.online and a.seen_at > now() - interval '150 seconds' and a.deactivated_at is null
  )
$$;

--
-- Name: FUNCTION member_json(a public.chat_admins, u auth.users); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.member_json(a public.chat_admins, u auth.users) FROM PUBLIC;
