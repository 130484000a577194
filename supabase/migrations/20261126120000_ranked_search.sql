-- Full-text search, ranked (issue 16, item 1): GET /chat-session?q= finds chats by their
-- messages' words (the GIN index on to_tsvector('simple', content); every word, the last as a
-- prefix) and by the customer's name or email (a substring), across every chat. Each chat
-- comes with its best-matching message (seq, and a snippet with the words marked) and a rank:
-- a name or email match ranks 1, a message its ts_rank_cd normalised into [0, 1). Pages are
-- keyset-paged by (rank, id), best first, and combine with the list's status and assignee
-- filters.
--
-- The ranking reads at most search_candidates() matching messages: a word in a large share of
-- all messages ("the", "order") ranks a sample of them, so a search costs the same on a table
-- of a million messages as on one of a thousand; more words narrow it.

create function chat_private.search_candidates() returns integer language sql immutable as 'select 5000';

-- Where a snippet's words start and end: control characters no one types, so the page can
-- mark them without reading any of the text as markup.
create function chat_private.search_snippet(content text, words tsquery) returns text
language sql immutable set search_path = '' as $$
  select ts_headline('simple', content, words,
    'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=8, ShortWord=1, MaxFragments=2, FragmentDelimiter=" … "')
$$;
revoke execute on function chat_private.search_snippet(text, tsquery) from public;

drop function public.chat_search_sessions(text, text, timestamptz, uuid, integer, text);
create function public.chat_search_sessions(
  p_query text,
  p_status text default null,
  p_assignee text default null,
  p_after_rank numeric default null,
  p_after_id uuid default null,
  p_limit integer default 50,
  p_caller text default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
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
  named as (
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
revoke execute on function public.chat_search_sessions(text, text, text, numeric, uuid, integer, text)
  from public, anon, authenticated;
grant execute on function public.chat_search_sessions(text, text, text, numeric, uuid, integer, text) to service_role;
comment on function public.chat_search_sessions(text, text, text, numeric, uuid, integer, text) is
  'GET /chat-session?q=: chats whose messages have its words (ranked, with the best message''s snippet) or whose customer name or email contains q; best first.';
