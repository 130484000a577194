-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: admit_invited_user(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.admit_invited_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- security definer: Auth inserts as supabase_auth_admin, which may not write our tables
  -- (supabase.com/docs/guides/troubleshooting/dashboard-errors-when-managing-users-N1ls4A).
  insert into public.chat_admins (user_id, display_name, email, role)
  select new.id, i.display_name, i.email, i.role
  from chat_private.admin_invites i
  where i.email = lower(new.email) and i.invited_at > now() - interval '1 day'
  on conflict (user_id) do nothing;
  delete from chat_private.admin_invites where email = lower(new.email);
  return new;
end
$$;

--
-- Name: FUNCTION admit_invited_user(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.admit_invited_user() FROM PUBLIC;
