-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_authorize_upload(uuid, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if s.status <> 'open' then
    raise sqlstate 'PT409' using message = 'chat session is closed', hint = 'chat_closed';
  end if;
  perform chat_private.spend_for('upload_per_chat',
    format('upload:%s:%s', p_chat_id, case when p_as_admin then 'admin' else 'customer' end));
  return jsonb_build_object('chat_id', s.id);
end
$$;

--
-- Name: FUNCTION chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) IS 'POST /chat-message/uploads (the chat''s customer or an admin): the chat is open and its upload budget allows one more.';

--
-- Name: FUNCTION chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) TO service_role;
