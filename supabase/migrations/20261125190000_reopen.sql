-- Reopening a closed chat: its customer may write again (the page hears the session change
-- live), and its link keeps working as before.
create function public.chat_reopen_session(p_id uuid, p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  update public.chat_sessions
  set status = 'open', closed_at = null
  where id = p_id and status = 'closed'
  returning * into s;
  if not found then  -- already open (idempotent), or no such chat
    select * into s from public.chat_sessions where id = p_id;
    if not found then
      raise sqlstate 'PT404' using message = 'chat session not found';
    end if;
  end if;
  return chat_private.session_json(s);
end
$$;
revoke execute on function public.chat_reopen_session(uuid, text) from public, anon, authenticated;
grant execute on function public.chat_reopen_session(uuid, text) to service_role;
comment on function public.chat_reopen_session(uuid, text) is
  'POST /chat-session/reopen (admin): reopens a closed session; idempotent.';
