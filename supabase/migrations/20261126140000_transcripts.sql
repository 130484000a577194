-- Transcripts (issue 16, item 2): a chat's whole history, read by the API in large pages (2,000
-- messages, or the 1 MB page budget) in seq order, to write one file. An admin may export any
-- chat; a customer its own (the API checks the chat is the caller's; notes are never here).
-- One read from the caller's budget per export, not per page: the first page spends it.
create function public.chat_transcript_messages(
  p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean
) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
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
revoke execute on function public.chat_transcript_messages(uuid, bigint, text, boolean) from public, anon, authenticated;
grant execute on function public.chat_transcript_messages(uuid, bigint, text, boolean) to service_role;
comment on function public.chat_transcript_messages(uuid, bigint, text, boolean) is
  'GET /chat-message/transcript (admin, or the chat''s customer): the chat''s messages after p_after_seq, 2,000 at a time.';
