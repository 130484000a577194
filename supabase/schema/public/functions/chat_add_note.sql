-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_add_note(uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_add_note(p_chat_id uuid, p_body text, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  n public.chat_notes;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('note_per_admin', format('note:%s', p_admin_id));
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  insert into public.chat_notes (chat_id, author_id, author_name, body)
  select p_chat_id, a.user_id, a.display_name, p_body from public.chat_admins a where a.user_id = p_admin_id::uuid
  returning * into n;
  return chat_private.note_json(n);
end
$$;

--
-- Name: FUNCTION chat_add_note(p_chat_id uuid, p_body text, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_add_note(p_chat_id uuid, p_body text, p_admin_id text) IS 'POST /chat-message/notes (admin): a private note in a chat, for admins only.';

--
-- Name: FUNCTION chat_add_note(p_chat_id uuid, p_body text, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_add_note(p_chat_id uuid, p_body text, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_add_note(p_chat_id uuid, p_body text, p_admin_id text) TO service_role;
