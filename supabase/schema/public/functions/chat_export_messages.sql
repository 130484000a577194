-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_export_messages(uuid[], integer, bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  rows jsonb := '[]';
  chat_rows jsonb;
  wanted integer := 2001;
  position integer;
begin
  perform chat_private.require_admin(p_caller);
  if coalesce(cardinality(p_chat_ids), 0) > 200 then
    raise sqlstate 'PT400' using message = 'at most 200 chats a page';
  end if;
  if p_after_chat is null or p_after_chat < 1 or p_after_seq is null or p_after_seq < 0 then
    raise sqlstate 'PT400' using message = 'the cursor is a chat position (from 1) and a seq (from 0)';
  end if;
  perform chat_private.spend_for('export_pages_per_admin', format('export:%s', p_caller));
  for position in p_after_chat .. coalesce(cardinality(p_chat_ids), 0) loop
    select coalesce(jsonb_agg(chat_private.message_json(m) order by m.seq), '[]') into chat_rows
    from (select * from public.chat_messages
          where chat_id = p_chat_ids[position]
            and seq > case when position = p_after_chat then p_after_seq else 0 end
          order by seq
          limit wanted) m;
    rows := rows || chat_rows;
    wanted := wanted - jsonb_array_length(chat_rows);
    exit when wanted <= 0;
  end loop;
  return chat_private.page_within_budget('messages', rows, 2000);
end
$$;

--
-- Name: FUNCTION chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text) IS 'POST /chat-session/export and /customer-data (admin): a page of the messages of a page of chats; one charge of the export budget.';

--
-- Name: FUNCTION chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text) TO service_role;
