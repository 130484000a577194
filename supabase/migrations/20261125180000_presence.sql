-- Presence. Two kinds, chosen for Realtime's limits (100 channels per connection, presence
-- events rate-limited per project):
--  * live, over Realtime Presence: admins track themselves on the `support` topic, which
--    every customer page may receive but only admins may write (so no customer sees another);
--    a customer tracks itself on its own `chat:<id>` topic, seen by the admin who has that
--    chat open;
--  * for the chat list, where one channel per chat would not scale: the customer page keeps a
--    last-seen time through the API (chat_note_presence), stored here and published, so the
--    dashboard learns of it over the postgres_changes it already receives.

------------------------------------------------------------------------------------------
-- Topics: `support` is readable by any chat's customer and by admins, writable by admins.
------------------------------------------------------------------------------------------
create or replace function chat_private.may_use_topic(topic text) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce(
    case
      when topic = 'dashboard' then chat_private.is_chat_admin()
      when topic = 'support' then auth.jwt() ->> 'chat_id' is not null or chat_private.is_chat_admin()
      when topic like 'chat:%' then substr(topic, 6) = auth.jwt() ->> 'chat_id' or chat_private.is_chat_admin()
      else false
    end,
    false)
$$;
comment on function chat_private.may_use_topic(text) is
  'Realtime authorization (realtime.messages SELECT): may this JWT join the private topic (dashboard, support, chat:<id>).';

create function chat_private.may_write_topic(topic text) returns boolean
language sql stable security definer set search_path = '' as $$
  select case when topic = 'support' then coalesce(chat_private.is_chat_admin(), false)
              else chat_private.may_use_topic(topic) end
$$;
revoke execute on function chat_private.may_write_topic(text) from public, anon;
grant execute on function chat_private.may_write_topic(text) to authenticated;
comment on function chat_private.may_write_topic(text) is
  'Realtime authorization (realtime.messages INSERT): may this JWT broadcast or track presence on the topic; on support only admins.';

drop policy chat_topics_send on realtime.messages;
create policy chat_topics_send on realtime.messages
  for insert to authenticated
  with check (extension in ('broadcast', 'presence') and (select chat_private.may_write_topic(realtime.topic())));

------------------------------------------------------------------------------------------
-- The customer's last-seen time, for the chat list.
------------------------------------------------------------------------------------------
create table public.chat_presence (
  chat_id uuid primary key references public.chat_sessions(id),
  present boolean not null,           -- false once the page said it was leaving
  seen_at timestamptz not null default now()
);
alter table public.chat_presence enable row level security;
revoke all on table public.chat_presence from public, anon, authenticated, service_role;
-- Admins only: a customer has no use for its own, and none may see another's. Anonymous
-- subscribers get the key column only, so Realtime sends them nothing.
grant select on table public.chat_presence to authenticated;
grant select (chat_id) on table public.chat_presence to anon;
create policy chat_presence_read_admin on public.chat_presence
  for select to authenticated
  using ((select chat_private.is_chat_admin()));

do $$
begin
  if not exists (
    select 1 from pg_publication_tables
    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'chat_presence'
  ) then
    alter publication supabase_realtime add table public.chat_presence;
  end if;
end
$$;

-- Arriving and leaving are budgeted (a page does each once); the heartbeat is not, as it
-- writes at most once per 20 s whatever the caller does.
insert into chat_private.rate_limits (action, max_events, per_seconds) values ('presence_per_chat', 30, 60);

-- The page beats every 60 s (web/shared/presence.js); online means a beat within 150 s, so
-- one lost beat does not show the customer away.
create function chat_private.presence_json(p public.chat_presence) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'customer_online', coalesce(p.present and p.seen_at > now() - interval '150 seconds', false),
    'customer_seen_at', p.seen_at)
$$;
revoke execute on function chat_private.presence_json(public.chat_presence) from public;
comment on function chat_private.presence_json(public.chat_presence) is
  'GET /chat-session and POST /chat-session/presence: is the customer online (a beat within 150 s) and when it was last seen.';

-- POST /chat-session/presence, for the customer whose token names the chat (checked by the API).
create function public.chat_note_presence(p_chat_id uuid, p_present boolean) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  p public.chat_presence;
  was_present boolean;
begin
  if p_present is null then
    raise sqlstate 'PT400' using message = 'present must be true or false';
  end if;
  select * into p from public.chat_presence where chat_id = p_chat_id;
  was_present := coalesce(p.present, false);
  -- Nothing to write for a beat soon after the last one, or for leaving again.
  if (was_present and p_present and p.seen_at > now() - interval '20 seconds')
     or (p.chat_id is not null and not was_present and not p_present) then
    return chat_private.presence_json(p);
  end if;
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if was_present <> p_present then
    perform chat_private.spend_for('presence_per_chat', format('presence:%s', p_chat_id));
  end if;
  insert into public.chat_presence as c (chat_id, present, seen_at)
  values (p_chat_id, p_present, now())
  on conflict (chat_id) do update set present = excluded.present, seen_at = excluded.seen_at
  returning * into p;
  return chat_private.presence_json(p);
end
$$;
revoke execute on function public.chat_note_presence(uuid, boolean) from public, anon, authenticated;
grant execute on function public.chat_note_presence(uuid, boolean) to service_role;
comment on function public.chat_note_presence(uuid, boolean) is
  'POST /chat-session/presence: the customer page is here (a beat, written at most every 20 s) or leaving; arriving and leaving spend its budget.';

------------------------------------------------------------------------------------------
-- What an admin sees of a session: the session, its unread count, the customer's presence.
------------------------------------------------------------------------------------------
create function chat_private.session_for_admin(s public.chat_sessions, p_admin_id text) returns jsonb
language sql stable security definer set search_path = '' as $$
  select chat_private.session_json(s)
    || jsonb_build_object('unread', chat_private.unread(s.id, p_admin_id))
    || coalesce((select chat_private.presence_json(p) from public.chat_presence p where p.chat_id = s.id),
                jsonb_build_object('customer_online', false, 'customer_seen_at', null))
$$;
revoke execute on function chat_private.session_for_admin(public.chat_sessions, text) from public;
comment on function chat_private.session_for_admin(public.chat_sessions, text) is
  'GET /chat-session: a session as the calling admin sees it (its unread count, the customer''s presence).';

create or replace function public.chat_list_sessions(
  p_status text default null,
  p_before_activity_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50,
  p_caller text default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  before_at timestamptz := coalesce(p_before_activity_at, 'infinity');
  before_id uuid := coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
  rows jsonb;
begin
  perform chat_private.require_admin(p_caller);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if p_status is not null and p_status not in ('open', 'closed') then
    raise sqlstate 'PT400' using message = 'status must be open or closed';
  end if;
  if (p_before_activity_at is null) <> (p_before_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both activity time and id';
  end if;

  -- One statement per status filter: each keeps its index condition in a generic plan.
  if p_status is null then
    select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where (s.last_activity_at, s.id) < (before_at, before_id)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  else
    select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where s.status = p_status and (s.last_activity_at, s.id) < (before_at, before_id)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  end if;

  return chat_private.page_within_budget('sessions', rows, page_size);
end
$$;

-- An admin's single session carries the same as a listed one; a customer's, the session alone.
create or replace function public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  select * into s from public.chat_sessions where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if p_as_admin then
    return chat_private.session_for_admin(s, p_caller);
  end if;
  return chat_private.session_json(s);
end
$$;

------------------------------------------------------------------------------------------
-- Who the signed-in admin is: the dashboard shows the customer its name ("Ada is typing…",
-- and on the support topic), so it needs it.
------------------------------------------------------------------------------------------
create function public.chat_admin_profile(p_admin_id text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  profile jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  select jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name) into profile
  from public.chat_admins a where a.user_id = p_admin_id::uuid;
  return profile;
end
$$;
revoke execute on function public.chat_admin_profile(text) from public, anon, authenticated;
grant execute on function public.chat_admin_profile(text) to service_role;
comment on function public.chat_admin_profile(text) is
  'GET /chat-session/me: the calling admin''s id and display name.';
