-- Private notes: what admins write in a chat for each other. A table of their own, not
-- messages: no customer role may read it (RLS: admins only, so Realtime never delivers a note
-- to a customer), it is never in a customer's page of messages, never counted as unread for
-- the customer and never in a transcript made of messages.
create table public.chat_notes (
  id uuid primary key default gen_random_uuid(),
  chat_id uuid not null references public.chat_sessions(id),
  author_id uuid not null references public.chat_admins(user_id),
  author_name text not null,
  body text not null check (char_length(body) <= 4000 and btrim(body) <> ''),
  created_at timestamptz not null default now()
);
create index chat_notes_chat_created on public.chat_notes (chat_id, created_at);
alter table public.chat_notes enable row level security;
revoke all on table public.chat_notes from public, anon, authenticated, service_role;
grant select on table public.chat_notes to authenticated;
grant select (id) on table public.chat_notes to anon;
create policy chat_notes_read_admin on public.chat_notes
  for select to authenticated
  using ((select chat_private.is_chat_admin()));

do $$
begin
  if not exists (
    select 1 from pg_publication_tables
    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'chat_notes'
  ) then
    alter publication supabase_realtime add table public.chat_notes;
  end if;
end
$$;

insert into chat_private.rate_limits (action, max_events, per_seconds) values ('note_per_admin', 60, 60);

create function chat_private.note_json(n public.chat_notes) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object('id', n.id, 'chat_id', n.chat_id, 'author_id', n.author_id,
                            'author_name', n.author_name, 'body', n.body, 'created_at', n.created_at)
$$;
revoke execute on function chat_private.note_json(public.chat_notes) from public;
comment on function chat_private.note_json(public.chat_notes) is 'The JSON of a private note in every route that returns one.';

create function public.chat_add_note(p_chat_id uuid, p_body text, p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  n public.chat_notes;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('note_per_admin', format('note:%s', p_admin_id));
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  insert into public.chat_notes (chat_id, author_id, author_name, body)
  select p_chat_id, a.user_id, a.display_name, p_body from public.chat_admins a where a.user_id = p_admin_id::uuid
  returning * into n;
  return chat_private.note_json(n);
end
$$;

-- A chat's notes, oldest first; a team writes a handful per chat, so the newest 200 are all.
-- Not stable: reading spends the read budget.
create function public.chat_list_notes(p_chat_id uuid, p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  return jsonb_build_object('notes', (
    select coalesce(jsonb_agg(chat_private.note_json(recent) order by recent.created_at), '[]')
    from (select * from public.chat_notes n where n.chat_id = p_chat_id order by n.created_at desc limit 200) recent));
end
$$;

revoke execute on function public.chat_add_note(uuid, text, text) from public, anon, authenticated;
revoke execute on function public.chat_list_notes(uuid, text) from public, anon, authenticated;
grant execute on function public.chat_add_note(uuid, text, text) to service_role;
grant execute on function public.chat_list_notes(uuid, text) to service_role;
comment on function public.chat_add_note(uuid, text, text) is
  'POST /chat-message/notes (admin): a private note in a chat, for admins only.';
comment on function public.chat_list_notes(uuid, text) is
  'GET /chat-message/notes (admin): a chat''s private notes, oldest first (the newest 200).';
