-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_site_origins(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_site_origins(p_site_key text) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select to_jsonb(s.origins) from public.chat_sites s where s.site_key = p_site_key and s.active
$$;

--
-- Name: FUNCTION chat_site_origins(p_site_key text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_site_origins(p_site_key text) IS 'GET /chat-session/widget (no credential): the origins that may frame an active site''s widget; null for no such site.';

--
-- Name: FUNCTION chat_site_origins(p_site_key text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_site_origins(p_site_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_site_origins(p_site_key text) TO service_role;
