-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: site_json(public.chat_sites); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.site_json(site public.chat_sites) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select to_jsonb(site) || jsonb_build_object(
    'keys', coalesce((select jsonb_agg(jsonb_build_object('kid', k.kid, 'created_at', k.created_at,
                                                          'public_jwk', k.public_jwk) order by k.created_at)
                      from chat_private.site_keys k where k.site_id = site.id), '[]'))
$$;

--
-- Name: FUNCTION site_json(site public.chat_sites); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.site_json(site public.chat_sites) FROM PUBLIC;
