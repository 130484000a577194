-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_list_messages(uuid, bigint, bigint, integer, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  before_seq bigint := coalesce(p_before_seq, chat_private.no_upper_seq());
  rows jsonb;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;

  if p_after_seq is not null then
    select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq), '[]') into rows
    from (
      select * from public.chat_messages m
      where m.chat_id = p_chat_id and m.seq > p_after_seq and m.seq < before_seq
      order by m.seq
      limit page_size + 1
    ) page;
    return chat_private.page_within_budget('messages', rows, page_size)
      || jsonb_build_object('others_read_seq', chat_private.others_read(p_chat_id, p_as_admin));
  end if;

  -- Newest first, so the budget keeps the newest; the page is turned back to seq order.
  select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq desc), '[]') into rows
  from (
    select * from public.chat_messages m
    where m.chat_id = p_chat_id and m.seq < before_seq
    order by m.seq desc
    limit page_size + 1
  ) page;
  return chat_private.page_within_budget('messages', rows, page_size, reversed => true)
    || jsonb_build_object('others_read_seq', chat_private.others_read(p_chat_id, p_as_admin));
end
$$;

--
-- Name: FUNCTION chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean) IS 'GET /chat-message: a page of a chat''s messages in seq order (after_seq or before_seq); spends the caller''s read budget.';

--
-- Name: FUNCTION chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean) TO service_role;
