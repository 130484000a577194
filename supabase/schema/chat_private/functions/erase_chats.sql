-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: erase_chats(uuid[]); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.erase_chats(p_chat_ids uuid[]) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  messages integer;
  notes integer;
  chats integer;
begin
  delete from chat_private.notifications where chat_id = any(p_chat_ids);
  delete from public.chat_read_cursors where chat_id = any(p_chat_ids);
  delete from public.chat_presence where chat_id = any(p_chat_ids);
  delete from chat_private.chat_links where chat_id = any(p_chat_ids);
  delete from public.chat_notes where chat_id = any(p_chat_ids);
  get diagnostics notes = row_count;
  delete from public.chat_messages where chat_id = any(p_chat_ids);
  get diagnostics messages = row_count;
  delete from public.chat_sessions where id = any(p_chat_ids);
  get diagnostics chats = row_count;
  return jsonb_build_object('chats', chats, 'messages', messages, 'notes', notes);
end
$$;

--
-- Name: FUNCTION erase_chats(p_chat_ids uuid[]); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.erase_chats(p_chat_ids uuid[]) FROM PUBLIC;
