-- Reading has a budget per caller too (an admin or a customer token's subject), kept in the
-- database like the others. The read functions now record what they spend, so they are no
-- longer STABLE (PostgREST would run them read-only); their bodies are otherwise unchanged.

insert into chat_private.rate_limits (action, max_events, per_seconds) values ('read_per_caller', 600, 60);

drop function public.chat_get_session(uuid);
drop function public.chat_list_sessions(text, timestamptz, uuid, integer);
drop function public.chat_list_messages(uuid, bigint, bigint, integer);

create function public.chat_get_session(p_id uuid, p_caller text default null) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  select * into s from public.chat_sessions where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  return chat_private.session_json(s);
end
$$;

create function public.chat_list_sessions(
  p_status text default null,
  p_before_activity_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50,
  p_caller text default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  rows jsonb;
begin
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if p_status is not null and p_status not in ('open', 'closed') then
    raise sqlstate 'PT400' using message = 'status must be open or closed';
  end if;
  if (p_before_activity_at is null) <> (p_before_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both activity time and id';
  end if;

  select coalesce(jsonb_agg(chat_private.session_json(page) order by page.last_activity_at desc, page.id desc), '[]')
  into rows
  from (
    select * from public.chat_sessions s
    where (p_status is null or s.status = p_status)
      and (p_before_id is null or (s.last_activity_at, s.id) < (p_before_activity_at, p_before_id))
    order by s.last_activity_at desc, s.id desc
    limit page_size + 1
  ) page;

  return chat_private.page_within_budget('sessions', rows, page_size);
end
$$;

create function public.chat_list_messages(
  p_chat_id uuid,
  p_after_seq bigint default null,
  p_before_seq bigint default null,
  p_limit integer default 50,
  p_caller text default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  rows jsonb;
begin
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;

  if p_after_seq is not null then
    select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq), '[]') into rows
    from (
      select * from public.chat_messages m
      where m.chat_id = p_chat_id and m.seq > p_after_seq
        and (p_before_seq is null or m.seq < p_before_seq)
      order by m.seq
      limit page_size + 1
    ) page;
    return chat_private.page_within_budget('messages', rows, page_size);
  end if;

  -- Newest first, so the budget keeps the newest; the page is turned back to seq order.
  select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq desc), '[]') into rows
  from (
    select * from public.chat_messages m
    where m.chat_id = p_chat_id and (p_before_seq is null or m.seq < p_before_seq)
    order by m.seq desc
    limit page_size + 1
  ) page;
  return chat_private.page_within_budget('messages', rows, page_size, reversed => true);
end
$$;

revoke execute on function
  public.chat_get_session(uuid, text),
  public.chat_list_sessions(text, timestamptz, uuid, integer, text),
  public.chat_list_messages(uuid, bigint, bigint, integer, text)
from public, anon, authenticated;
grant execute on function
  public.chat_get_session(uuid, text),
  public.chat_list_sessions(text, timestamptz, uuid, integer, text),
  public.chat_list_messages(uuid, bigint, bigint, integer, text)
to service_role;
