-- Collision: admins with the same chat open see each other there, on a topic of that chat for
-- admins only (`chat-team:<id>`), so no customer learns who is looking.
create or replace function chat_private.may_use_topic(topic text) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce(
    case
      when topic = 'dashboard' then chat_private.is_chat_admin()
      when topic = 'support' then auth.jwt() ->> 'chat_id' is not null or chat_private.is_chat_admin()
      when topic like 'chat-team:%' then chat_private.is_chat_admin()
      when topic like 'chat:%' then substr(topic, 6) = auth.jwt() ->> 'chat_id' or chat_private.is_chat_admin()
      else false
    end,
    false)
$$;
comment on function chat_private.may_use_topic(text) is
  'Realtime authorization (realtime.messages SELECT): may this JWT join the private topic (dashboard, support, chat:<id>, chat-team:<id>).';
