-- Realtime as production runs it: private channels only, authorized by RLS policies on
-- realtime.messages (Realtime Authorization), and nothing for anonymous subscribers.

------------------------------------------------------------------------------------------
-- Anonymous subscribers. A role without SELECT on a published table's primary key gets an
-- 'Error 401: Unauthorized' event for every change (supabase/realtime apply_rls), which tells
-- anyone with the publishable key when and how often every chat speaks. With the key column
-- granted and no policy for anon, RLS hides every row and Realtime sends nothing.
------------------------------------------------------------------------------------------
grant select (id) on table public.chat_messages, public.chat_sessions to anon;

------------------------------------------------------------------------------------------
-- Channels. `chat:<chat_id>` is one chat's (its customer and every admin); `dashboard` is the
-- admins'. Joining and receiving broadcast/presence needs SELECT, sending broadcast or
-- tracking presence needs INSERT, both evaluated by Realtime as the subscriber's role with
-- its claims and realtime.topic().
------------------------------------------------------------------------------------------
create function chat_private.may_use_topic(topic text) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce(
    case
      when topic = 'dashboard' then chat_private.is_chat_admin()
      when topic like 'chat:%' then substr(topic, 6) = auth.jwt() ->> 'chat_id' or chat_private.is_chat_admin()
      else false
    end,
    false)
$$;
revoke execute on function chat_private.may_use_topic(text) from public, anon;
grant execute on function chat_private.may_use_topic(text) to authenticated;

create policy chat_topics_receive on realtime.messages
  for select to authenticated
  using (extension in ('broadcast', 'presence') and (select chat_private.may_use_topic(realtime.topic())));

create policy chat_topics_send on realtime.messages
  for insert to authenticated
  with check (extension in ('broadcast', 'presence') and (select chat_private.may_use_topic(realtime.topic())));
