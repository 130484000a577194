-- Data rights and retention (issue 16, items 5 and 6): an owner exports, or erases, everything
-- stored about one customer email across its chats; closed chats older than a retention period
-- (off by default) are erased the same way by the scheduled job, a batch at a time. Erasure
-- leaves an audit record (who, when, why, how many rows and files; never any content, and the
-- email only as a hash) and cannot be undone. The API deletes the chats' files from S3 first,
-- then these functions delete the rows in one transaction, so a failure midway leaves the rows
-- to erase again, never files no row points to.

create table chat_private.erasures (
  id bigserial primary key,
  erased_at timestamptz not null default now(),
  -- the owner who asked, or 'retention' for the scheduled job
  erased_by text not null check (char_length(erased_by) between 1 and 100),
  reason text not null check (reason in ('customer_request', 'retention')),
  -- sha256 of the lower-cased email: a repeated request can be matched, the address is not kept
  subject_sha256 text check (subject_sha256 ~ '^[0-9a-f]{64}$'),
  chats integer not null check (chats >= 0),
  messages integer not null check (messages >= 0),
  notes integer not null check (notes >= 0),
  objects integer not null check (objects >= 0)
);
revoke all on table chat_private.erasures from public, anon, authenticated, service_role;

-- Deletes every row of these chats (messages, notes, read cursors, presence, links, pending
-- notifications, opt-outs and push subscriptions by cascade, the sessions); the counts.
create function chat_private.erase_chats(p_chat_ids uuid[]) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  messages integer;
  notes integer;
  chats integer;
begin
  delete from chat_private.notifications where chat_id = any(p_chat_ids);
  delete from public.chat_read_cursors where chat_id = any(p_chat_ids);
  delete from public.chat_presence where chat_id = any(p_chat_ids);
  delete from chat_private.chat_links where chat_id = any(p_chat_ids);
  delete from public.chat_notes where chat_id = any(p_chat_ids);
  get diagnostics notes = row_count;
  delete from public.chat_messages where chat_id = any(p_chat_ids);
  get diagnostics messages = row_count;
  delete from public.chat_sessions where id = any(p_chat_ids);
  get diagnostics chats = row_count;
  return jsonb_build_object('chats', chats, 'messages', messages, 'notes', notes);
end
$$;
revoke execute on function chat_private.erase_chats(uuid[]) from public;

create function chat_private.valid_email(p_email text) returns text
language plpgsql immutable set search_path = '' as $$
begin
  if p_email is null or char_length(p_email) not between 3 and 320 or p_email !~ '^[^@\s]+@[^@\s]+$' then
    raise sqlstate 'PT400' using message = 'email must be an email address';
  end if;
  return lower(p_email);
end
$$;
revoke execute on function chat_private.valid_email(text) from public;

-- An owner's data request: the chats of this customer email (any case), oldest first.
create function public.chat_customer_chats(p_email text, p_caller text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  email text := chat_private.valid_email(p_email);
begin
  perform chat_private.require_owner(p_caller);
  return jsonb_build_object('chats', (
    select coalesce(jsonb_agg(chat_private.session_json(s) order by s.created_at, s.id), '[]')
    from public.chat_sessions s where lower(s.customer_email) = email));
end
$$;
revoke execute on function public.chat_customer_chats(text, text) from public, anon, authenticated;
grant execute on function public.chat_customer_chats(text, text) to service_role;
comment on function public.chat_customer_chats(text, text) is
  'POST /chat-session/customer-data (owner): the chats of one customer email, to export or erase.';

-- Erase them: exactly the chats the API found (and deleted the files of); if the customer's
-- chats changed since (a new chat with that email), nothing is erased and the API asks again.
create function public.chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text)
returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  email text := chat_private.valid_email(p_email);
  found uuid[];
  counts jsonb;
begin
  perform chat_private.require_owner(p_caller);
  select coalesce(array_agg(s.id order by s.id), '{}') into found
  from (select id from public.chat_sessions where lower(customer_email) = email for update) s;
  if found is distinct from (select coalesce(array_agg(x order by x), '{}') from unnest(p_chat_ids) x) then
    raise sqlstate 'PT409' using message = 'this customer''s chats changed meanwhile: erase again';
  end if;
  counts := chat_private.erase_chats(found);
  insert into chat_private.erasures (erased_by, reason, subject_sha256, chats, messages, notes, objects)
  values (p_caller, 'customer_request', encode(sha256(convert_to(email, 'UTF8')), 'hex'),
          (counts ->> 'chats')::integer, (counts ->> 'messages')::integer, (counts ->> 'notes')::integer,
          coalesce(p_objects, 0));
  return counts || jsonb_build_object('objects', coalesce(p_objects, 0), 'erased_at', now());
end
$$;
revoke execute on function public.chat_erase_customer(text, uuid[], integer, text) from public, anon, authenticated;
grant execute on function public.chat_erase_customer(text, uuid[], integer, text) to service_role;
comment on function public.chat_erase_customer(text, uuid[], integer, text) is
  'POST /chat-session/customer-data/erase (owner): erases one customer email''s chats, with an audit record.';

-- Retention: closed chats whose closing is older than p_days, oldest first, at most p_limit;
-- the scheduled job erases them a batch at a time.
create function public.chat_retention_due(p_days integer, p_limit integer) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
begin
  if p_days is null or p_days not between 1 and 36500 or p_limit not between 1 and 1000 then
    raise sqlstate 'PT400' using message = 'days must be 1 to 36500 and limit 1 to 1000';
  end if;
  return jsonb_build_object('chats', (
    select coalesce(jsonb_agg(s.id order by s.closed_at), '[]')
    from (select id, closed_at from public.chat_sessions
          where status = 'closed' and closed_at < now() - make_interval(days => p_days)
          order by closed_at limit p_limit) s));
end
$$;
revoke execute on function public.chat_retention_due(integer, integer) from public, anon, authenticated;
grant execute on function public.chat_retention_due(integer, integer) to service_role;
comment on function public.chat_retention_due(integer, integer) is
  'tools.notifier (the scheduled job, no route): closed chats past the retention period.';

-- Erase a batch of them, each still closed and past the period (one reopened meanwhile is kept;
-- one another run holds is skipped), in one short transaction, with one audit record.
create function public.chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  due uuid[];
  counts jsonb;
begin
  select coalesce(array_agg(s.id), '{}') into due
  from (select id from public.chat_sessions
        where id = any(p_chat_ids) and status = 'closed' and closed_at < now() - make_interval(days => p_days)
        for update skip locked) s;
  if cardinality(due) = 0 then
    return jsonb_build_object('chats', 0, 'messages', 0, 'notes', 0, 'objects', 0);
  end if;
  counts := chat_private.erase_chats(due);
  insert into chat_private.erasures (erased_by, reason, chats, messages, notes, objects)
  values ('retention', 'retention', (counts ->> 'chats')::integer, (counts ->> 'messages')::integer,
          (counts ->> 'notes')::integer, coalesce(p_objects, 0));
  return counts || jsonb_build_object('objects', coalesce(p_objects, 0));
end
$$;
revoke execute on function public.chat_erase_expired(uuid[], integer, integer) from public, anon, authenticated;
grant execute on function public.chat_erase_expired(uuid[], integer, integer) to service_role;
comment on function public.chat_erase_expired(uuid[], integer, integer) is
  'tools.notifier (the scheduled job, no route): erases closed chats past the retention period, with an audit record.';
