-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: is_chat_admin(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.is_chat_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select exists (
    select 1 from public.chat_admins
    where user_id::text = auth.jwt() ->> 'sub' and deactivated_at is null)
$$;

--
-- Name: FUNCTION is_chat_admin(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.is_chat_admin() IS 'RLS and Realtime authorization: is the request''s JWT subject a chat admin.';

--
-- Name: FUNCTION is_chat_admin(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.is_chat_admin() FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.is_chat_admin() TO authenticated;
