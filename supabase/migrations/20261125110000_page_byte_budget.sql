-- Every page fits a Lambda response (6 MB). A page stops at page_size items or at about 1 MB
-- of JSON, whichever comes first (its first item always included), and says there is more.
-- The API's JSON escapes what Postgres stores as UTF-8 at most 3.5 times over (an emoji's
-- 4 bytes become \ud83d\ude00, escaped once more inside the Lambda response), so 1 MB here
-- stays under 4 MB there.

create function chat_private.page_within_budget(key text, fetched jsonb, page_size integer,
                                                reversed boolean default false)
returns jsonb
language sql immutable set search_path = '' as $$
  with numbered as (
    select item, position,
           sum(octet_length(item::text)) over (order by position) as running_bytes
    from jsonb_array_elements(fetched) with ordinality as t(item, position)
  ),
  kept as (
    select item, position from numbered
    where position <= page_size and (position = 1 or running_bytes <= 1000000)
  )
  select jsonb_build_object(
    key, (select coalesce(jsonb_agg(item order by case when reversed then -position else position end), '[]') from kept),
    'has_more', jsonb_array_length(fetched) > (select count(*) from kept)
  )
$$;

create or replace function public.chat_list_sessions(
  p_status text default null,
  p_before_activity_at timestamptz default null,
  p_before_id uuid default null,
  p_limit integer default 50
) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  rows jsonb;
begin
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

create or replace function public.chat_list_messages(
  p_chat_id uuid,
  p_after_seq bigint default null,
  p_before_seq bigint default null,
  p_limit integer default 50
) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  rows jsonb;
begin
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

drop function chat_private.page_of(text, jsonb, integer, boolean);
revoke execute on function chat_private.page_within_budget(text, jsonb, integer, boolean) from public;
