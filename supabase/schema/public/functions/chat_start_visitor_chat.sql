-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_start_visitor_chat(text, text, text, text, uuid, text, text, uuid, text, text, text, uuid, jsonb, text, timestamp with time zone, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_start_visitor_chat(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_new_visitor_id uuid, p_new_credential_hash text, p_identity_sub text, p_chat_id uuid, p_customer_name text, p_customer_email text, p_content text, p_client_msg_id uuid, p_context jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_auto_assign boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  site public.chat_sites := chat_private.site_for_visitor(p_site_key, p_host_origin);
  v chat_private.visitors;
  s public.chat_sessions;
  chosen public.chat_admins;
  name text := nullif(btrim(p_customer_name), '');
  email text := nullif(btrim(p_customer_email), '');
  sent jsonb;
begin
  if site.identity_mode = 'required' and p_identity_sub is null then
    raise sqlstate 'PT401' using message = 'this website lets only signed-in visitors chat', hint = 'identity_required';
  end if;
  if p_credential_hash is not null then
    v := chat_private.visitor_by_credential(site, p_credential_hash, p_client_address);
  end if;

  select * into s from public.chat_sessions where id = p_chat_id;
  if found then  -- a retry: the same chat, if it is this visitor's
    if s.site_id is distinct from site.id or (v.id is not null and s.visitor_id <> v.id)
       or s.identity_sub is distinct from p_identity_sub then
      raise sqlstate 'PT409' using message = 'client_msg_id was already used for a different message',
        hint = 'client_msg_id_reused';
    end if;
    sent := public.chat_send_message(s.id, 'customer', s.customer_id::text, p_content, p_client_msg_id);
    return chat_private.visitor_answer(site, s.visitor_id, p_identity_sub, s.id)
      || jsonb_build_object('message', sent -> 'message', 'created', false);
  end if;

  if site.name_field = 'hidden' then name := null; end if;
  if site.email_field = 'hidden' then email := null; end if;
  if site.name_field = 'required' and name is null then
    raise sqlstate 'PT400' using message = 'your name is required', hint = 'prechat_field_required', detail = 'customer_name';
  end if;
  if site.email_field = 'required' and email is null then
    raise sqlstate 'PT400' using message = 'your email is required', hint = 'prechat_field_required', detail = 'customer_email';
  end if;
  if email is not null and not chat_private.is_email(email) then
    raise sqlstate 'PT400' using message = 'customer_email must be an email address';
  end if;

  perform chat_private.spend_for('start_per_address', format('start:address:%s', p_client_address));
  perform chat_private.spend_for('start_per_site', format('start:site:%s', site.id));
  if v.id is null then
    insert into chat_private.visitors (id, site_id, credential_hash)
    values (p_new_visitor_id, site.id, decode(p_new_credential_hash, 'hex')) returning * into v;
  end if;
  if coalesce((select t.auto_assign = 'round_robin' from chat_private.team_settings t), p_auto_assign) then
    chosen := chat_private.next_assignee();
  end if;
  insert into public.chat_sessions (id, customer_name, customer_email, assignee_id, assignee_name,
                                    site_id, visitor_id, identity_sub, context)
  -- A visitor who gave neither name nor email is named by the site, so the chat still has a customer.
  values (p_chat_id, coalesce(name, case when email is null then format('Visitor on %s', site.name) end), email,
          chosen.user_id, chosen.display_name, site.id, v.id, p_identity_sub, p_context)
  returning * into s;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (s.id, decode(p_link_token_hash, 'hex'), p_link_expires_at);
  sent := public.chat_send_message(s.id, 'customer', s.customer_id::text, p_content, p_client_msg_id);
  return chat_private.visitor_answer(site, v.id, p_identity_sub, s.id)
    || jsonb_build_object('message', sent -> 'message', 'created', true);
end
$$;

--
-- Name: FUNCTION chat_start_visitor_chat(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_new_visitor_id uuid, p_new_credential_hash text, p_identity_sub text, p_chat_id uuid, p_customer_name text, p_customer_email text, p_content text, p_client_msg_id uuid, p_context jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_auto_assign boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_start_visitor_chat(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_new_visitor_id uuid, p_new_credential_hash text, p_identity_sub text, p_chat_id uuid, p_customer_name text, p_customer_email text, p_content text, p_client_msg_id uuid, p_context jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_auto_assign boolean) IS 'POST /chat-session/start (no credential, or a visitor''s): a chat started from a site''s widget with its first message; spends the address''s and the site''s start budgets.';

--
-- Name: FUNCTION chat_start_visitor_chat(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_new_visitor_id uuid, p_new_credential_hash text, p_identity_sub text, p_chat_id uuid, p_customer_name text, p_customer_email text, p_content text, p_client_msg_id uuid, p_context jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_auto_assign boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_start_visitor_chat(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_new_visitor_id uuid, p_new_credential_hash text, p_identity_sub text, p_chat_id uuid, p_customer_name text, p_customer_email text, p_content text, p_client_msg_id uuid, p_context jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_auto_assign boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_start_visitor_chat(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_new_visitor_id uuid, p_new_credential_hash text, p_identity_sub text, p_chat_id uuid, p_customer_name text, p_customer_email text, p_content text, p_client_msg_id uuid, p_context jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_auto_assign boolean) TO service_role;
