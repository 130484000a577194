-- The dashboard filters chats by the site they came from (issue 29): every list (activity,
-- waiting, search) takes p_site; the activity list walks the site's own index.
drop function public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text);
create function public.chat_list_sessions(p_status text DEFAULT NULL::text, p_before_activity_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50, p_caller text DEFAULT NULL::text, p_assignee text DEFAULT NULL::text, p_site uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

  -- One statement per filter that has an index of its own, so each keeps its index condition
  -- in a generic plan: the caller's own chats walk the assignee's index (they may be few of
  -- many); the status filter its index; "unassigned" rides the activity walk (most chats are).
  if p_site is not null then
    select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where s.site_id = p_site and (s.last_activity_at, s.id) < (before_at, before_id)
        and (p_status is null or s.status = p_status) and chat_private.assigned_as_asked(s, p_assignee, p_caller)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  elsif p_assignee = 'me' then
    select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where s.assignee_id = p_caller::uuid and (s.last_activity_at, s.id) < (before_at, before_id)
        and (p_status is null or s.status = p_status)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  elsif p_status is null then
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
comment on function public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) is 'GET /chat-session (admin): a page of sessions, newest activity first, optionally by status and assignee (me, none), and by site.';
revoke all on function public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) from public, anon, authenticated;
grant all on function public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) to service_role;

drop function public.chat_list_waiting(p_after_since timestamp with time zone, p_after_id uuid, p_limit integer, p_caller text, p_assignee text);
create function public.chat_list_waiting(p_after_since timestamp with time zone DEFAULT NULL::timestamp with time zone, p_after_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50, p_caller text DEFAULT NULL::text, p_assignee text DEFAULT NULL::text, p_site uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  after_since timestamptz := coalesce(p_after_since, '-infinity');
  after_id uuid := coalesce(p_after_id, '00000000-0000-0000-0000-000000000000');
  rows jsonb;
  waiting bigint;
begin
  perform chat_private.require_admin(p_caller);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if p_assignee is not null and p_assignee not in ('me', 'none') then
    raise sqlstate 'PT400' using message = 'assignee must be me or none';
  end if;
  if (p_after_since is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both waiting time and id';
  end if;

  -- Closing a chat ends its wait, so every row of the partial index is an open chat.
  select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.waiting_since, page.id), '[]')
  into rows
  from (
    select * from public.chat_sessions s
    where s.waiting_since is not null and (s.waiting_since, s.id) > (after_since, after_id)
      and chat_private.assigned_as_asked(s, p_assignee, p_caller)
      and (p_site is null or s.site_id = p_site)
    order by s.waiting_since, s.id
    limit page_size + 1
  ) page;
  select count(*) into waiting from public.chat_sessions s
  where s.waiting_since is not null and chat_private.assigned_as_asked(s, p_assignee, p_caller)
      and (p_site is null or s.site_id = p_site);

  return chat_private.page_within_budget('sessions', rows, page_size) || jsonb_build_object('waiting_count', waiting);
end
$$;
comment on function public.chat_list_waiting(p_after_since timestamp with time zone, p_after_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) is 'GET /chat-session?waiting=true (admin): the open chats waiting for the team''s reply, oldest wait first, and how many (optionally by assignee), and by site.';
revoke all on function public.chat_list_waiting(p_after_since timestamp with time zone, p_after_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) from public, anon, authenticated;
grant all on function public.chat_list_waiting(p_after_since timestamp with time zone, p_after_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) to service_role;

drop function public.chat_search_sessions(p_query text, p_status text, p_assignee text, p_after_rank numeric, p_after_id uuid, p_limit integer, p_caller text);
create function public.chat_search_sessions(p_query text, p_status text DEFAULT NULL::text, p_assignee text DEFAULT NULL::text, p_after_rank numeric DEFAULT NULL::numeric, p_after_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50, p_caller text DEFAULT NULL::text, p_site uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  after_rank numeric := coalesce(p_after_rank, 2);
  after_id uuid := coalesce(p_after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
  needle text;
  words tsquery;
  rows jsonb;
begin
  perform chat_private.require_admin(p_caller);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if p_query is null or char_length(btrim(p_query)) not between 1 and 200 then
    raise sqlstate 'PT400' using message = 'q must be 1 to 200 characters';
  end if;
  if p_status is not null and p_status not in ('open', 'closed') then
    raise sqlstate 'PT400' using message = 'status must be open or closed';
  end if;
  if p_assignee is not null and p_assignee not in ('me', 'none') then
    raise sqlstate 'PT400' using message = 'assignee must be me or none';
  end if;
  if (p_after_rank is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both rank and id';
  end if;
  -- A substring pattern with the user's % and _ taken literally.
  needle := '%' || regexp_replace(btrim(p_query), '([\\%_])', '\\\1', 'g') || '%';
  words := chat_private.search_words(p_query);

  with message_hits as (
    select m.chat_id, m.seq, m.content,
           round(ts_rank_cd(to_tsvector('simple', m.content), words, 32)::numeric, 6) as rank
    from public.chat_messages m
    where words is not null and to_tsvector('simple', m.content) @@ words
    limit chat_private.search_candidates()
  ),
  best_messages as (
    select distinct on (h.chat_id) h.chat_id, h.seq, h.content, h.rank
    from message_hits h
    order by h.chat_id, h.rank desc, h.seq desc
  ),
  -- Matched on its own (not merged into the join below), so a selective name reads the
  -- trigram indexes instead of walking every chat in id order.
  named as materialized (
    select s.id as chat_id from public.chat_sessions s
    where s.customer_name ilike needle or s.customer_email ilike needle
  ),
  found as (
    select coalesce(b.chat_id, n.chat_id) as chat_id, b.seq, b.content,
           case when n.chat_id is not null then 1 else b.rank end as rank
    from best_messages b full join named n on n.chat_id = b.chat_id
  ),
  page as (
    select s, f.seq, f.content, f.rank
    from found f join public.chat_sessions s on s.id = f.chat_id
    where (f.rank, s.id) < (after_rank, after_id)
      and (p_status is null or s.status = p_status)
      and (p_site is null or s.site_id = p_site)
      and (p_assignee is null
           or (p_assignee = 'me' and s.assignee_id = p_caller::uuid)
           or (p_assignee = 'none' and s.assignee_id is null))
    order by f.rank desc, s.id desc
    limit page_size + 1
  )
  select coalesce(jsonb_agg(
           chat_private.session_for_admin(page.s, p_caller)
           || jsonb_build_object('match', jsonb_build_object(
                'rank', page.rank,
                'seq', page.seq,
                'snippet', case when page.content is not null then chat_private.search_snippet(page.content, words) end))
           order by page.rank desc, (page.s).id desc), '[]')
  into rows
  from page;

  return chat_private.page_within_budget('sessions', rows, page_size);
end
$$;
comment on function public.chat_search_sessions(p_query text, p_status text, p_assignee text, p_after_rank numeric, p_after_id uuid, p_limit integer, p_caller text, p_site uuid) is 'GET /chat-session?q=: chats whose messages have its words (ranked, with the best message''s snippet) or whose customer name or email contains q; best first, and by site.';
revoke all on function public.chat_search_sessions(p_query text, p_status text, p_assignee text, p_after_rank numeric, p_after_id uuid, p_limit integer, p_caller text, p_site uuid) from public, anon, authenticated;
grant all on function public.chat_search_sessions(p_query text, p_status text, p_assignee text, p_after_rank numeric, p_after_id uuid, p_limit integer, p_caller text, p_site uuid) to service_role;

