-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_remove_site_key(text, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_remove_site_key(p_admin_id text, p_site_id uuid, p_kid text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  site public.chat_sites;
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('site_update_per_owner', format('site:%s', p_admin_id));
  select * into site from public.chat_sites where id = p_site_id for update;
  if not found then
    raise sqlstate 'PT404' using message = 'no such site', hint = 'site_not_found';
  end if;
  delete from chat_private.site_keys k where k.site_id = site.id and k.kid = p_kid;
  if not found then
    raise sqlstate 'PT404' using message = 'this site has no key with that kid';
  end if;
  if site.identity_mode = 'required' and not exists (select 1 from chat_private.site_keys k where k.site_id = site.id) then
    raise sqlstate 'PT409' using message = 'a site that requires verified visitors keeps at least one key',
      hint = 'site_key_missing';
  end if;
  return chat_private.site_json(site);
end
$$;

--
-- Name: FUNCTION chat_remove_site_key(p_admin_id text, p_site_id uuid, p_kid text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_remove_site_key(p_admin_id text, p_site_id uuid, p_kid text) IS 'DELETE /chat-session/sites/keys (owner): stops accepting identity tokens signed with that key.';

--
-- Name: FUNCTION chat_remove_site_key(p_admin_id text, p_site_id uuid, p_kid text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_remove_site_key(p_admin_id text, p_site_id uuid, p_kid text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_remove_site_key(p_admin_id text, p_site_id uuid, p_kid text) TO service_role;
