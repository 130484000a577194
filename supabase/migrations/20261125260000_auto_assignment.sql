-- Automatic assignment of new chats, when the deployment turns it on: round robin among the
-- admins online now. An admin is online while its dashboard beats (POST /chat-session/online,
-- every 60 s; a leave as it closes), as a customer's page does for its chat.
alter table public.chat_admins
  add column online boolean not null default false,
  add column seen_at timestamptz,
  add column last_assigned_at timestamptz;

create function public.chat_admin_online(p_admin_id text, p_online boolean) returns jsonb
language plpgsql security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_admin_id);
  if p_online is null then
    raise sqlstate 'PT400' using message = 'online must be true or false';
  end if;
  -- A beat soon after the last one writes nothing.
  update public.chat_admins set online = p_online, seen_at = now()
  where user_id = p_admin_id::uuid and not (online and p_online and seen_at > now() - interval '20 seconds');
  return jsonb_build_object('online', p_online);
end
$$;
revoke execute on function public.chat_admin_online(text, boolean) from public, anon, authenticated;
grant execute on function public.chat_admin_online(text, boolean) to service_role;
comment on function public.chat_admin_online(text, boolean) is
  'POST /chat-session/online (admin): the dashboard is open (a beat, written at most every 20 s) or closing.';

-- The next online admin in turn for a new chat, or none. One at a time (a transaction lock),
-- so chats created at the same moment go to different admins while any is free, and every
-- chat is either assigned or left unassigned, never lost between them.
create function chat_private.next_assignee() returns public.chat_admins
language plpgsql volatile set search_path = '' as $$
declare
  chosen public.chat_admins;
begin
  perform pg_advisory_xact_lock(hashtext('chat_private.next_assignee'));
  select * into chosen from public.chat_admins a
  where a.online and a.seen_at > now() - interval '150 seconds'
  order by a.last_assigned_at nulls first, a.user_id
  limit 1;
  if found then
    update public.chat_admins set last_assigned_at = clock_timestamp() where user_id = chosen.user_id;
  end if;
  return chosen;
end
$$;
revoke execute on function chat_private.next_assignee() from public;
comment on function chat_private.next_assignee() is
  'POST /chat-session with automatic assignment on: the online admin whose turn it is (round robin), or none.';

drop function public.chat_create_session(uuid, text, text, jsonb, text, timestamptz, text);
create function public.chat_create_session(
  p_id uuid,
  p_customer_name text,
  p_customer_email text,
  p_metadata jsonb,
  p_link_token_hash text,
  p_link_expires_at timestamptz,
  p_admin_id text,
  p_auto_assign boolean default false
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
  chosen public.chat_admins;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('create_per_admin', format('create:%s', p_admin_id));
  if p_auto_assign then
    chosen := chat_private.next_assignee();
  end if;
  insert into public.chat_sessions (id, customer_name, customer_email, metadata, assignee_id, assignee_name)
  values (p_id, nullif(btrim(p_customer_name), ''), nullif(btrim(p_customer_email), ''), p_metadata,
          chosen.user_id, chosen.display_name)
  returning * into s;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (s.id, decode(p_link_token_hash, 'hex'), p_link_expires_at);
  return chat_private.session_json(s);
end
$$;
revoke execute on function public.chat_create_session(uuid, text, text, jsonb, text, timestamptz, text, boolean)
  from public, anon, authenticated;
grant execute on function public.chat_create_session(uuid, text, text, jsonb, text, timestamptz, text, boolean)
  to service_role;
comment on function public.chat_create_session(uuid, text, text, jsonb, text, timestamptz, text, boolean) is
  'POST /chat-session (admin): a new session (its id chosen by the API) and its link''s hash, given to the next online admin when automatic assignment is on; spends the admin''s create budget.';
