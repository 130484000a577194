-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_resume_visitor(text, text, text, text, text, uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_resume_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_identity_sub text, p_chat_id uuid, p_new_visitor_id uuid, p_new_credential_hash text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  site public.chat_sites := chat_private.site_for_visitor(p_site_key, p_host_origin);
  v chat_private.visitors;
begin
  if site.identity_mode = 'required' and p_identity_sub is null then
    raise sqlstate 'PT401' using message = 'this website lets only signed-in visitors chat', hint = 'identity_required';
  end if;
  if p_credential_hash is not null then
    v := chat_private.visitor_by_credential(site, p_credential_hash, p_client_address);
  elsif p_identity_sub is not null then
    insert into chat_private.visitors (id, site_id, credential_hash)
    values (p_new_visitor_id, site.id, decode(p_new_credential_hash, 'hex')) returning * into v;
  else
    raise sqlstate 'PT401' using message = 'nothing to resume: start a chat', hint = 'visitor_unknown';
  end if;
  return chat_private.visitor_answer(site, v.id, p_identity_sub, p_chat_id);
end
$$;

--
-- Name: FUNCTION chat_resume_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_identity_sub text, p_chat_id uuid, p_new_visitor_id uuid, p_new_credential_hash text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_resume_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_identity_sub text, p_chat_id uuid, p_new_visitor_id uuid, p_new_credential_hash text) IS 'POST /chat-session/visitor (visitor credential or verified identity): the visitor''s chats and a token''s makings for the one it opens.';

--
-- Name: FUNCTION chat_resume_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_identity_sub text, p_chat_id uuid, p_new_visitor_id uuid, p_new_credential_hash text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_resume_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_identity_sub text, p_chat_id uuid, p_new_visitor_id uuid, p_new_credential_hash text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_resume_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_identity_sub text, p_chat_id uuid, p_new_visitor_id uuid, p_new_credential_hash text) TO service_role;
