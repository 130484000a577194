-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: visitor_by_credential(public.chat_sites, text, text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.visitor_by_credential(site public.chat_sites, p_credential_hash text, p_client_address text) RETURNS chat_private.visitors
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v chat_private.visitors;
begin
  select * into v from chat_private.visitors x
  where x.credential_hash = decode(p_credential_hash, 'hex') and x.site_id = site.id and x.revoked_at is null;
  if not found then
    perform chat_private.spend_for('join_failures_per_address', format('join:address:%s', p_client_address));
    raise sqlstate 'PT401' using message = 'this browser''s chats are unknown or were forgotten', hint = 'visitor_unknown';
  end if;
  perform chat_private.spend_for('visitor_per_credential', format('visitor:%s', v.id));
  update chat_private.visitors x set last_seen_at = now() where x.id = v.id and x.last_seen_at < now() - interval '1 hour';
  return v;
end
$$;

--
-- Name: FUNCTION visitor_by_credential(site public.chat_sites, p_credential_hash text, p_client_address text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.visitor_by_credential(site public.chat_sites, p_credential_hash text, p_client_address text) FROM PUBLIC;
