-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: site_for_visitor(text, text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.site_for_visitor(p_site_key text, p_host_origin text) RETURNS public.chat_sites
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  site public.chat_sites;
begin
  select * into site from public.chat_sites s where s.site_key = p_site_key and s.active;
  if not found then
    raise sqlstate 'PT404' using message = 'no such site, or it is switched off', hint = 'site_not_found';
  end if;
  if p_host_origin is null or not (p_host_origin = any (site.origins)) then
    raise sqlstate 'PT403' using message = 'the widget is not allowed on this website', hint = 'origin_not_allowed';
  end if;
  return site;
end
$$;

--
-- Name: FUNCTION site_for_visitor(p_site_key text, p_host_origin text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.site_for_visitor(p_site_key text, p_host_origin text) FROM PUBLIC;
