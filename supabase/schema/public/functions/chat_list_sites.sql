-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_list_sites(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_sites(p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  return jsonb_build_object('sites', coalesce(
    (select jsonb_agg(chat_private.site_json(s) order by s.active desc, lower(s.name), s.id)
     from (select * from public.chat_sites limit 200) s), '[]'));
end
$$;

--
-- Name: FUNCTION chat_list_sites(p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_sites(p_admin_id text) IS 'GET /chat-session/sites (admin): every site, with its settings and key ids.';

--
-- Name: FUNCTION chat_list_sites(p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_sites(p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_sites(p_admin_id text) TO service_role;
