-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_add_site_key(text, uuid, text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_add_site_key(p_admin_id text, p_site_id uuid, p_kid text, p_public_jwk jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  site public.chat_sites;
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('site_update_per_owner', format('site:%s', p_admin_id));
  select * into site from public.chat_sites where id = p_site_id for update;  -- one key change at a time
  if not found then
    raise sqlstate 'PT404' using message = 'no such site', hint = 'site_not_found';
  end if;
  if exists (select 1 from chat_private.site_keys k where k.site_id = site.id and k.kid = p_kid) then
    raise sqlstate 'PT409' using message = 'this site already has a key with that kid', hint = 'site_key_exists';
  end if;
  if (select count(*) from chat_private.site_keys k where k.site_id = site.id) >= 2 then
    raise sqlstate 'PT409' using message = 'a site has at most two keys: remove the old one first', hint = 'site_keys_full';
  end if;
  insert into chat_private.site_keys (site_id, kid, public_jwk) values (site.id, p_kid, p_public_jwk);
  return chat_private.site_json(site);
end
$$;

--
-- Name: FUNCTION chat_add_site_key(p_admin_id text, p_site_id uuid, p_kid text, p_public_jwk jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_add_site_key(p_admin_id text, p_site_id uuid, p_kid text, p_public_jwk jsonb) IS 'POST /chat-session/sites/keys (owner): a public key the site signs identity tokens with (two at most).';

--
-- Name: FUNCTION chat_add_site_key(p_admin_id text, p_site_id uuid, p_kid text, p_public_jwk jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_add_site_key(p_admin_id text, p_site_id uuid, p_kid text, p_public_jwk jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_add_site_key(p_admin_id text, p_site_id uuid, p_kid text, p_public_jwk jsonb) TO service_role;
