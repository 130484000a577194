-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_export_chats(timestamp with time zone, timestamp with time zone, timestamp with time zone, uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  page uuid[];
begin
  perform chat_private.require_admin(p_caller);
  if p_from is null or p_to is null or p_to <= p_from then
    raise sqlstate 'PT400' using message = 'from must be before to';
  end if;
  if (p_after_created_at is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'the cursor needs both created_at and id';
  end if;
  perform chat_private.spend_for('export_pages_per_admin', format('export:%s', p_caller));
  select coalesce(array_agg(s.id order by s.created_at, s.id), '{}') into page
  from (select id, created_at from public.chat_sessions
        where created_at >= p_from and created_at < p_to
          and (p_after_created_at is null or (created_at, id) > (p_after_created_at, p_after_id))
        order by created_at, id
        limit 200) s;
  perform chat_private.record_export(p_export_key, page);
  return jsonb_build_object('chats', (
    select coalesce(jsonb_agg(chat_private.session_json(s) order by s.created_at, s.id), '[]')
    from public.chat_sessions s where s.id = any(page)));
end
$$;

--
-- Name: FUNCTION chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text) IS 'POST /chat-session/export (admin): the chats created in [from, to), 200 at a time after the cursor, recorded as held by the export''s file; one charge of the export budget.';

--
-- Name: FUNCTION chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text) TO service_role;
