-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_site_for_visitor(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_site_for_visitor(p_site_key text, p_host_origin text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  site public.chat_sites := chat_private.site_for_visitor(p_site_key, p_host_origin);
begin
  return jsonb_build_object(
    'site', jsonb_build_object('site_key', site.site_key, 'name', site.name, 'identity_mode', site.identity_mode,
                               'name_field', site.name_field, 'email_field', site.email_field,
                               'welcome_line', site.welcome_line, 'colour', site.colour, 'position', site.position),
    'origins', to_jsonb(site.origins),
    'keys', coalesce((select jsonb_object_agg(k.kid, k.public_jwk) from chat_private.site_keys k where k.site_id = site.id), '{}'));
end
$$;

--
-- Name: FUNCTION chat_site_for_visitor(p_site_key text, p_host_origin text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_site_for_visitor(p_site_key text, p_host_origin text) IS 'GET /chat-session/site (no credential): the widget''s settings for a page on one of the site''s origins, and the keys the API verifies identities with.';

--
-- Name: FUNCTION chat_site_for_visitor(p_site_key text, p_host_origin text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_site_for_visitor(p_site_key text, p_host_origin text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_site_for_visitor(p_site_key text, p_host_origin text) TO service_role;
