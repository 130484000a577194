-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_mark_read(uuid, text, text, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  last_seq bigint;
  cursor_seq bigint;
begin
  if p_reader_type = 'admin' then
    perform chat_private.require_admin(p_reader_id);
  elsif p_reader_type is distinct from 'customer' then
    raise sqlstate 'PT400' using message = 'reader_type must be admin or customer';
  end if;
  perform chat_private.spend_for('mark_read_per_caller', format('mark_read:%s', p_reader_id));
  select s.last_seq into last_seq from public.chat_sessions s where s.id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if p_seq is null or p_seq < 0 or p_seq > last_seq then
    raise sqlstate 'PT400' using message = format('seq must be between 0 and the last message (%s)', last_seq);
  end if;

  insert into public.chat_read_cursors as c (chat_id, reader_type, reader_id, seq)
  values (p_chat_id, p_reader_type, p_reader_id, p_seq)
  on conflict (chat_id, reader_type, reader_id) do update
    set seq = excluded.seq, updated_at = now()
    where c.seq < excluded.seq
  returning c.seq into cursor_seq;
  if cursor_seq is null then  -- not beyond the stored cursor: it stays
    select c.seq into cursor_seq from public.chat_read_cursors c
    where c.chat_id = p_chat_id and c.reader_type = p_reader_type and c.reader_id = p_reader_id;
  end if;
  return jsonb_build_object('chat_id', p_chat_id, 'seq', cursor_seq);
end
$$;

--
-- Name: FUNCTION chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint) IS 'POST /chat-message/read: moves the caller''s read cursor forward (never back); spends its mark-read budget.';

--
-- Name: FUNCTION chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint) TO service_role;
