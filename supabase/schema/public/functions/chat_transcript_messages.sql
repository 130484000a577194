-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_transcript_messages(uuid, bigint, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  rows jsonb;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  if p_after_seq is null or p_after_seq < 0 then
    raise sqlstate 'PT400' using message = 'after_seq must be 0 or more';
  end if;
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if p_after_seq = 0 then
    perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
    perform chat_private.spend_for('transcript_per_caller', format('transcript:%s', p_caller));
  end if;
  select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq), '[]') into rows
  from (
    select * from public.chat_messages m
    where m.chat_id = p_chat_id and m.seq > p_after_seq
    order by m.seq
    limit 2001
  ) page;
  return chat_private.page_within_budget('messages', rows, 2000);
end
$$;

--
-- Name: FUNCTION chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean) IS 'GET /chat-message/transcript (admin, or the chat''s customer): the chat''s messages after p_after_seq, 2,000 at a time.';

--
-- Name: FUNCTION chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean) TO service_role;
