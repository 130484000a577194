-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_customer_chats(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_customer_chats(p_email text, p_caller text, p_export_key text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  email text := chat_private.valid_email(p_email);
  chats uuid[];
begin
  perform chat_private.require_owner(p_caller);
  -- an export and an erasure (which lists the chats first) each have their budget
  perform chat_private.spend_for(case when p_export_key is null then 'erase_per_owner' else 'customer_export_per_owner' end,
                                 format('customer_data:%s:%s', p_export_key is null, p_caller));
  select coalesce(array_agg(s.id order by s.created_at, s.id), '{}') into chats
  from public.chat_sessions s where lower(s.customer_email) = email;
  perform chat_private.record_export(p_export_key, chats);
  return jsonb_build_object(
    'chats', (select coalesce(jsonb_agg(chat_private.session_json(s) order by s.created_at, s.id), '[]')
              from public.chat_sessions s where s.id = any(chats)),
    -- the export files that hold any of them (this export's own included)
    'export_files', (select coalesce(jsonb_agg(distinct f.key), '[]')
                     from chat_private.export_files f where f.chat_id = any(chats)));
end
$$;

--
-- Name: FUNCTION chat_customer_chats(p_email text, p_caller text, p_export_key text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_customer_chats(p_email text, p_caller text, p_export_key text) IS 'POST /chat-session/customer-data and /erase (owner): the chats of one customer email, and the export files that hold them.';

--
-- Name: FUNCTION chat_customer_chats(p_email text, p_caller text, p_export_key text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_customer_chats(p_email text, p_caller text, p_export_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_customer_chats(p_email text, p_caller text, p_export_key text) TO service_role;
