-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_create_session(uuid, text, text, jsonb, text, timestamp with time zone, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  chosen public.chat_admins;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('create_per_admin', format('create:%s', p_admin_id));
  if nullif(btrim(p_customer_email), '') is not null and not chat_private.is_email(btrim(p_customer_email)) then
    raise sqlstate 'PT400' using message = 'customer_email must be an email address';
  end if;
  -- The team's choice (the dashboard's Team dialog) over the deployment's default (p_auto_assign).
  if coalesce((select t.auto_assign = 'round_robin' from chat_private.team_settings t), p_auto_assign) then
    chosen := chat_private.next_assignee();
  end if;
  insert into public.chat_sessions (id, customer_name, customer_email, metadata, assignee_id, assignee_name)
  values (p_id, nullif(btrim(p_customer_name), ''), nullif(btrim(p_customer_email), ''), p_metadata,
          chosen.user_id, chosen.display_name)
  returning * into s;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (s.id, decode(p_link_token_hash, 'hex'), p_link_expires_at);
  return chat_private.session_json(s);
end
$$;

--
-- Name: FUNCTION chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean) IS 'POST /chat-session (admin): a new session (its id chosen by the API) and its link''s hash, given to the next online admin when automatic assignment is on; spends the admin''s create budget.';

--
-- Name: FUNCTION chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean) TO service_role;
