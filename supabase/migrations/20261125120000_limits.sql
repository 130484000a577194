-- Limits that hold for every Lambda instance, kept in the database:
-- - sending: the customer and the admins of a chat each have their own budget, so neither
--   side can starve the other (send_rate_limit's numbers apply to each side);
-- - joining with a link: failed attempts are counted per chat and per client address, and
--   once either is spent further attempts wait, so capabilities cannot be guessed at speed;
-- - creating chats and rotating links: a budget per admin.
-- Each refusal is PT429 with the seconds to wait in its detail (HTTP 429 + Retry-After).

create table chat_private.rate_limits (
  action text primary key,
  max_events integer not null check (max_events > 0),
  per_seconds integer not null check (per_seconds > 0)
);
insert into chat_private.rate_limits (action, max_events, per_seconds) values
  ('join_failures_per_chat', 10, 600),
  ('join_failures_per_address', 30, 600),
  ('create_per_admin', 60, 60),
  ('rotate_per_admin', 60, 60);

-- What was spent, by bucket (for example 'send:<chat>:customer'), as a sliding window.
create table chat_private.rate_events (
  bucket text not null,
  at timestamptz not null default clock_timestamp()
);
create index rate_events_bucket_at_idx on chat_private.rate_events (bucket, at);
create index rate_events_at_idx on chat_private.rate_events (at);

-- Refuse (PT429) when `bucket` has spent max_events within per_seconds; otherwise, if
-- `record`, count one more. Serialized per bucket, so concurrent callers cannot both slip in.
create function chat_private.spend(bucket text, max_events integer, per_seconds integer, record boolean default true)
returns void
language plpgsql security definer set search_path = '' as $$
declare
  window_start timestamptz := clock_timestamp() - make_interval(secs => per_seconds);
  used integer;
  oldest timestamptz;
begin
  perform pg_advisory_xact_lock(hashtextextended('rate:' || bucket, 0));
  delete from chat_private.rate_events e where e.bucket = spend.bucket and e.at <= window_start;
  if random() < 0.01 then  -- now and then, what buckets never visited again left behind
    delete from chat_private.rate_events e where e.at < clock_timestamp() - interval '1 day';
  end if;
  select count(*), min(e.at) into used, oldest from chat_private.rate_events e where e.bucket = spend.bucket;
  if used >= max_events then
    raise sqlstate 'PT429' using
      message = format('at most %s in %s seconds; try again later', max_events, per_seconds),
      detail = greatest(1, ceil(extract(epoch from oldest - window_start)))::integer::text;
  end if;
  if record then
    insert into chat_private.rate_events (bucket) values (spend.bucket);
  end if;
end
$$;

create function chat_private.spend_for(action text, bucket text, record boolean default true) returns void
language plpgsql security definer set search_path = '' as $$
declare
  lim chat_private.rate_limits;
begin
  select * into lim from chat_private.rate_limits l where l.action = spend_for.action;
  perform chat_private.spend(bucket, lim.max_events, lim.per_seconds, record);
end
$$;

-- Sending: one budget per chat and side. A retried client_msg_id returns before inserting,
-- so retries are never limited.
create or replace function chat_private.enforce_send_rate_limit() returns trigger
language plpgsql set search_path = '' as $$
declare
  lim chat_private.send_rate_limit;
begin
  select * into lim from chat_private.send_rate_limit;
  perform chat_private.spend(format('send:%s:%s', new.chat_id, new.sender_type), lim.max_messages, lim.per_seconds);
  return new;
end
$$;

-- Joining: volatile now (a failure must be recorded, so it answers instead of raising).
drop function public.chat_join(uuid, text);
create function public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  perform chat_private.spend_for('join_failures_per_chat', format('join:chat:%s', p_chat_id), record => false);
  perform chat_private.spend_for('join_failures_per_address', format('join:address:%s', p_client_address), record => false);
  select sessions.* into s
  from public.chat_sessions sessions
  join chat_private.chat_links links on links.chat_id = sessions.id
  where sessions.id = p_chat_id
    and links.token_hash = decode(p_link_token_hash, 'hex')
    and links.expires_at > now();
  if not found then
    perform chat_private.spend_for('join_failures_per_chat', format('join:chat:%s', p_chat_id));
    perform chat_private.spend_for('join_failures_per_address', format('join:address:%s', p_client_address));
    return jsonb_build_object('refused', true);
  end if;
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id);
end
$$;

-- Creating and rotating: one budget per admin.
drop function public.chat_create_session(text, text, jsonb, text, timestamptz);
create function public.chat_create_session(
  p_customer_name text,
  p_customer_email text,
  p_metadata jsonb,
  p_link_token_hash text,
  p_link_expires_at timestamptz,
  p_admin_id text
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  perform chat_private.spend_for('create_per_admin', format('create:%s', p_admin_id));
  insert into public.chat_sessions (customer_name, customer_email, metadata)
  values (nullif(btrim(p_customer_name), ''), nullif(btrim(p_customer_email), ''), p_metadata)
  returning * into s;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (s.id, decode(p_link_token_hash, 'hex'), p_link_expires_at);
  return chat_private.session_json(s);
end
$$;

drop function public.chat_rotate_link(uuid, text, timestamptz);
create function public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamptz,
                                        p_admin_id text)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  s public.chat_sessions;
begin
  perform chat_private.spend_for('rotate_per_admin', format('rotate:%s', p_admin_id));
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (p_chat_id, decode(p_link_token_hash, 'hex'), p_link_expires_at)
  on conflict (chat_id) do update
    set token_hash = excluded.token_hash, expires_at = excluded.expires_at, created_at = now();
  return chat_private.session_json(s);
end
$$;

revoke execute on function
  chat_private.spend(text, integer, integer, boolean),
  chat_private.spend_for(text, text, boolean)
from public;
revoke execute on function
  public.chat_join(uuid, text, text),
  public.chat_create_session(text, text, jsonb, text, timestamptz, text),
  public.chat_rotate_link(uuid, text, timestamptz, text)
from public, anon, authenticated;
grant execute on function
  public.chat_join(uuid, text, text),
  public.chat_create_session(text, text, jsonb, text, timestamptz, text),
  public.chat_rotate_link(uuid, text, timestamptz, text)
to service_role;
