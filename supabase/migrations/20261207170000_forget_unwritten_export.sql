-- A bulk export refused midway (more than one request writes in time: ExportTooLarge) never
-- reaches S3, so the chats its pages recorded as held by its file are forgotten: an erasure
-- must not look for a file that was never written.
create function public.chat_forget_export(p_export_key text, p_caller text) returns void
language plpgsql security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_caller);
  delete from chat_private.export_files where key = p_export_key;
end
$$;
comment on function public.chat_forget_export(text, text) is
  'POST /chat-session/export (admin), when refused midway: the file it was writing holds no chats.';
revoke all on function public.chat_forget_export(text, text) from public, anon, authenticated;
grant execute on function public.chat_forget_export(text, text) to service_role;
