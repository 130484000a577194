-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_get_attachment(uuid, uuid, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  found_attachment jsonb;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  select a into found_attachment
  from public.chat_messages m, jsonb_array_elements(m.attachments) a
  where m.chat_id = p_chat_id and m.attachments @> jsonb_build_array(jsonb_build_object('id', p_attachment_id))
    and a ->> 'id' = p_attachment_id::text
  limit 1;
  if found_attachment is null then
    raise sqlstate 'PT404' using message = 'attachment not found';
  end if;
  return found_attachment;
end
$$;

--
-- Name: FUNCTION chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean) IS 'GET /chat-message/attachment (the chat''s customer or an admin): one attachment of the chat''s messages.';

--
-- Name: FUNCTION chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean) TO service_role;
