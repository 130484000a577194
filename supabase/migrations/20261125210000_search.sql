-- Search from the dashboard: a customer's name or email (a substring, any case) or words in
-- the chat's messages (whole words, the last one as a prefix: "invo" finds "invoice"), found by
-- the server over every chat, not only the page a browser has loaded. Message words go
-- through a GIN index; names and emails are matched while walking sessions by activity (the
-- list's own index), which stays cheap for the thousands of chats one team keeps.
create index chat_messages_content_words on public.chat_messages using gin (to_tsvector('simple', content));

-- The words of a search as a tsquery: each word must appear, the last may be a prefix; null
-- when there are no words.
create function chat_private.search_words(p_query text) returns tsquery
language sql immutable set search_path = '' as $$
  select to_tsquery('simple', string_agg(quote_literal(word) || case when last then ':*' else '' end, ' & ' order by n))
  from (
    select word, n, n = max(n) over () as last
    from regexp_split_to_table(lower(p_query), '[^[:alnum:]]+') with ordinality as words(word, n)
    where word <> ''
  ) words
$$;
revoke execute on function chat_private.search_words(text) from public;
comment on function chat_private.search_words(text) is
  'GET /chat-session?q=: the words of a search as a tsquery (all words, the last as a prefix).';

create function public.chat_search_sessions(
  p_query text,
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
  if (p_before_activity_at is null) <> (p_before_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both activity time and id';
  end if;
  -- A substring pattern with the user's % and _ taken literally.
  needle := '%' || regexp_replace(btrim(p_query), '([\\%_])', '\\\1', 'g') || '%';
  words := chat_private.search_words(p_query);

  select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.last_activity_at desc, page.id desc), '[]')
  into rows
  from (
    select * from public.chat_sessions s
    where (s.last_activity_at, s.id) < (before_at, before_id)
      and (p_status is null or s.status = p_status)
      and (s.customer_name ilike needle or s.customer_email ilike needle
           or s.id in (select m.chat_id from public.chat_messages m
                       where words is not null and to_tsvector('simple', m.content) @@ words))
    order by s.last_activity_at desc, s.id desc
    limit page_size + 1
  ) page;

  return chat_private.page_within_budget('sessions', rows, page_size);
end
$$;
revoke execute on function public.chat_search_sessions(text, text, timestamptz, uuid, integer, text) from public, anon, authenticated;
grant execute on function public.chat_search_sessions(text, text, timestamptz, uuid, integer, text) to service_role;
comment on function public.chat_search_sessions(text, text, timestamptz, uuid, integer, text) is
  'GET /chat-session?q=: sessions whose customer name or email contains q, or whose messages have its words; newest activity first.';
