-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_forget_visitor(text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_forget_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  site public.chat_sites := chat_private.site_for_visitor(p_site_key, p_host_origin);
  v chat_private.visitors := chat_private.visitor_by_credential(site, p_credential_hash, p_client_address);
begin
  update chat_private.visitors x set revoked_at = now() where x.id = v.id;
  return jsonb_build_object('forgotten', true);
end
$$;

--
-- Name: FUNCTION chat_forget_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_forget_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text) IS 'DELETE /chat-session/visitor (visitor credential): the credential stops working; the chats stay with the team.';

--
-- Name: FUNCTION chat_forget_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_forget_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_forget_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text) TO service_role;
