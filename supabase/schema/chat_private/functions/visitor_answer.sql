-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: visitor_answer(public.chat_sites, uuid, text, uuid); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.visitor_answer(site public.chat_sites, p_visitor_id uuid, p_identity_sub text, p_chat_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  opened public.chat_sessions;
begin
  -- Chats started with a verified identity are that identity's, on any device; anonymous ones
  -- belong to the browser that started them, and never show to a verified identity's device.
  select * into opened from public.chat_sessions s
  where s.site_id = site.id
    and ((s.identity_sub is null and s.visitor_id = p_visitor_id) or s.identity_sub = p_identity_sub)
    and (s.id = p_chat_id or (p_chat_id is null and s.status = 'open'))
  order by s.created_at desc limit 1;
  if p_chat_id is not null and not found then
    raise sqlstate 'PT404' using message = 'no such chat for this visitor';
  end if;
  return jsonb_build_object(
    'visitor_id', p_visitor_id,
    'realtime_epoch', chat_private.realtime_epoch(),
    'sessions', coalesce((
      select jsonb_agg(chat_private.session_json(s) order by s.created_at desc)
      from (select * from public.chat_sessions s
            where s.site_id = site.id
              and ((s.identity_sub is null and s.visitor_id = p_visitor_id) or s.identity_sub = p_identity_sub)
            order by s.created_at desc limit 20) s), '[]'),
    'opened', case when opened.id is null then null else jsonb_build_object(
      'session', chat_private.session_json(opened), 'customer_id', opened.customer_id,
      'link', (select encode(l.token_hash, 'hex') from chat_private.chat_links l where l.chat_id = opened.id)) end);
end
$$;

--
-- Name: FUNCTION visitor_answer(site public.chat_sites, p_visitor_id uuid, p_identity_sub text, p_chat_id uuid); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.visitor_answer(site public.chat_sites, p_visitor_id uuid, p_identity_sub text, p_chat_id uuid) FROM PUBLIC;
