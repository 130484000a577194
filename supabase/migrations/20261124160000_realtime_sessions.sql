-- The dashboard learns of new chats and of closed ones without reloading, and the customer
-- page learns its chat was closed: sessions join the Realtime publication. RLS (own chat or
-- admin) already decides which subscriber receives which row.
do $$
begin
  if not exists (
    select 1 from pg_publication_tables
    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'chat_sessions'
  ) then
    alter publication supabase_realtime add table public.chat_sessions;
  end if;
end
$$;
