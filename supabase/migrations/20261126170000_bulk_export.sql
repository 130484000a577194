-- Bulk export (issue 16, item 4): every chat created in a date range, and its messages, for
-- backups and analytics. The API walks the chats 200 at a time by (created_at, id), an index
-- range, and each chat's messages 2,000 at a time (chat_transcript_messages), writing as it goes.
create index chat_sessions_created on public.chat_sessions (created_at, id);

create function public.chat_export_chats(
  p_from timestamptz, p_to timestamptz, p_after_created_at timestamptz, p_after_id uuid, p_caller text
) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_caller);
  if p_from is null or p_to is null or p_to <= p_from then
    raise sqlstate 'PT400' using message = 'from must be before to';
  end if;
  if (p_after_created_at is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'the cursor needs both created_at and id';
  end if;
  return jsonb_build_object('chats', (
    select coalesce(jsonb_agg(chat_private.session_json(s) order by s.created_at, s.id), '[]')
    from (select * from public.chat_sessions
          where created_at >= p_from and created_at < p_to
            and (p_after_created_at is null or (created_at, id) > (p_after_created_at, p_after_id))
          order by created_at, id
          limit 200) s));
end
$$;
revoke execute on function public.chat_export_chats(timestamptz, timestamptz, timestamptz, uuid, text)
  from public, anon, authenticated;
grant execute on function public.chat_export_chats(timestamptz, timestamptz, timestamptz, uuid, text) to service_role;
comment on function public.chat_export_chats(timestamptz, timestamptz, timestamptz, uuid, text) is
  'POST /chat-session/export (admin): the chats created in [from, to), 200 at a time after the cursor.';
