-- An admin's open dashboard hears its own access change (deactivated, a new role) the moment
-- an owner makes it, through Realtime: chat_admins joins the publication, and each signed-in
-- user may read only its own row, and only the columns that say what it may do.

create policy chat_admins_read_own_access on public.chat_admins
  for select to authenticated using (user_id = (select auth.uid()));

grant select (user_id, role, deactivated_at) on table public.chat_admins to authenticated;

alter publication supabase_realtime add table public.chat_admins;
