-- Assignment: a chat may have one admin handling it. Any admin may take a chat, give it to a
-- colleague or leave it unassigned; the change reaches every admin (and the customer, who sees
-- who is handling the chat) as the session row's change. The name is stored with the id, as
-- a message's author is, so a Realtime row carries it.
alter table public.chat_sessions
  add column assignee_id uuid references public.chat_admins(user_id),
  add column assignee_name text;
create index chat_sessions_assignee_activity on public.chat_sessions (assignee_id, last_activity_at desc, id desc);

create or replace function chat_private.session_json(s public.chat_sessions) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', s.id,
    'created_at', s.created_at,
    'updated_at', s.updated_at,
    'status', s.status,
    'customer_name', s.customer_name,
    'customer_email', s.customer_email,
    'metadata', s.metadata,
    'closed_at', s.closed_at,
    'last_message_at', s.last_message_at,
    'last_activity_at', s.last_activity_at,
    'last_seq', s.last_seq,
    -- seq is gap-free per chat, so the count is the last seq: no count(*) per row.
    'message_count', s.last_seq,
    'last_message_preview', s.last_message_preview,
    'assignee_id', s.assignee_id,
    'assignee_name', s.assignee_name
  )
$$;

-- POST /chat-session/assign: p_assignee_id null leaves the chat unassigned.
create function public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
  name text;
begin
  perform chat_private.require_admin(p_admin_id);
  if p_assignee_id is not null then
    select a.display_name into name from public.chat_admins a where a.user_id = p_assignee_id;
    if not found then
      raise sqlstate 'PT400' using message = 'assignee_id is not a chat admin';
    end if;
  end if;
  update public.chat_sessions set assignee_id = p_assignee_id, assignee_name = name
  where id = p_chat_id
  returning * into s;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  return chat_private.session_for_admin(s, p_admin_id);
end
$$;
revoke execute on function public.chat_assign(uuid, uuid, text) from public, anon, authenticated;
grant execute on function public.chat_assign(uuid, uuid, text) to service_role;
comment on function public.chat_assign(uuid, uuid, text) is
  'POST /chat-session/assign (admin): gives a chat to an admin, or (null) to nobody.';

-- GET /chat-session/admins: the team, for "assign to".
create function public.chat_list_admins(p_admin_id text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_admin_id);
  return jsonb_build_object('admins', (
    select coalesce(jsonb_agg(jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name)
                              order by lower(a.display_name)), '[]')
    from public.chat_admins a));
end
$$;
revoke execute on function public.chat_list_admins(text) from public, anon, authenticated;
grant execute on function public.chat_list_admins(text) to service_role;
comment on function public.chat_list_admins(text) is
  'GET /chat-session/admins (admin): every chat admin''s id and display name.';

-- Whose chats a list shows: 'me' (the caller's), 'none' (nobody's), or null (everyone's).
create function chat_private.assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text) returns boolean
language sql stable set search_path = '' as $$
  select case p_assignee
    when 'me' then s.assignee_id::text = p_caller
    when 'none' then s.assignee_id is null
    else true
  end
$$;
revoke execute on function chat_private.assigned_as_asked(public.chat_sessions, text, text) from public;
comment on function chat_private.assigned_as_asked(public.chat_sessions, text, text) is
  'GET /chat-session?assignee=: is a session one the filter asks for (me, none, or any).';

drop function public.chat_list_sessions(text, timestamptz, uuid, integer, text);
create function public.chat_list_sessions(
  p_status text default null,
  p_before_activity_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50,
  p_caller text default null,
  p_assignee text default null
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
  if p_assignee is not null and p_assignee not in ('me', 'none') then
    raise sqlstate 'PT400' using message = 'assignee must be me or none';
  end if;
  if (p_before_activity_at is null) <> (p_before_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both activity time and id';
  end if;

  -- One statement per status filter: each keeps its index condition in a generic plan. The
  -- assignee filter walks the same index (a team's own chats are a good share of them).
  if p_status is null then
    select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where (s.last_activity_at, s.id) < (before_at, before_id) and chat_private.assigned_as_asked(s, p_assignee, p_caller)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  else
    select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where s.status = p_status and (s.last_activity_at, s.id) < (before_at, before_id)
        and chat_private.assigned_as_asked(s, p_assignee, p_caller)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  end if;

  return chat_private.page_within_budget('sessions', rows, page_size);
end
$$;
revoke execute on function public.chat_list_sessions(text, timestamptz, uuid, integer, text, text) from public, anon, authenticated;
grant execute on function public.chat_list_sessions(text, timestamptz, uuid, integer, text, text) to service_role;
comment on function public.chat_list_sessions(text, timestamptz, uuid, integer, text, text) is
  'GET /chat-session (admin): a page of sessions, newest activity first, optionally by status and assignee (me, none).';
