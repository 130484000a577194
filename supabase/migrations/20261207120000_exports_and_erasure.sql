-- Exports and erasure (issue 35, items 2 and 4).
--
-- Erasure reaches every export file: each export records which chats its file holds
-- (chat_private.export_files, written by the same call that reads the chats for it), and
-- chat_customer_chats names the files that hold a customer's chats, so erasing the customer
-- deletes them from S3 before its rows go (the rows here go with the chats, on cascade).
--
-- A bulk export costs one charge a page from a budget of its own (export_pages_per_admin): a
-- page of 200 chats, and a page of up to 2,000 of their messages read across chats
-- (chat_export_messages), never one read a chat from the admin's read budget.
--
-- Suppressed addresses are kept as their SHA-256, never in plain text.

insert into chat_private.rate_limits (action, max_events, per_seconds) values ('export_pages_per_admin', 3000, 600);

create table chat_private.export_files (
  chat_id uuid not null references public.chat_sessions (id) on delete cascade,
  key text not null check (key ~ '^exports/[a-z]+/[0-9a-f-]{36}\.[a-z]+$'),
  created_at timestamptz not null default now(),
  primary key (chat_id, key)
);
create index export_files_created on chat_private.export_files (created_at);
alter table chat_private.export_files enable row level security;
comment on table chat_private.export_files is
  'Which chats each export file in S3 holds (exports/bulk/, exports/customers/), so erasing a chat deletes the files that hold it.';

-- Files an export writes, by the chats read for it; S3's lifecycle deletes exports/ after a day,
-- so rows older than two days name nothing and are pruned now and then.
create function chat_private.record_export(p_key text, p_chat_ids uuid[]) returns void
language plpgsql security definer set search_path = '' as $$
begin
  if p_key is null then
    return;
  end if;
  insert into chat_private.export_files (chat_id, key)
  select id, p_key from unnest(p_chat_ids) id
  on conflict do nothing;
  if random() < 0.01 then
    delete from chat_private.export_files where created_at < now() - interval '2 days';
  end if;
end
$$;

drop function public.chat_export_chats(timestamptz, timestamptz, timestamptz, uuid, text);
create function public.chat_export_chats(
  p_from timestamptz, p_to timestamptz, p_after_created_at timestamptz, p_after_id uuid, p_caller text,
  p_export_key text
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  page uuid[];
begin
  perform chat_private.require_admin(p_caller);
  if p_from is null or p_to is null or p_to <= p_from then
    raise sqlstate 'PT400' using message = 'from must be before to';
  end if;
  if (p_after_created_at is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'the cursor needs both created_at and id';
  end if;
  perform chat_private.spend_for('export_pages_per_admin', format('export:%s', p_caller));
  select coalesce(array_agg(s.id order by s.created_at, s.id), '{}') into page
  from (select id, created_at from public.chat_sessions
        where created_at >= p_from and created_at < p_to
          and (p_after_created_at is null or (created_at, id) > (p_after_created_at, p_after_id))
        order by created_at, id
        limit 200) s;
  perform chat_private.record_export(p_export_key, page);
  return jsonb_build_object('chats', (
    select coalesce(jsonb_agg(chat_private.session_json(s) order by s.created_at, s.id), '[]')
    from public.chat_sessions s where s.id = any(page)));
end
$$;
comment on function public.chat_export_chats(timestamptz, timestamptz, timestamptz, uuid, text, text) is
  'POST /chat-session/export (admin): the chats created in [from, to), 200 at a time after the cursor, recorded as held by the export''s file; one charge of the export budget.';

-- The messages of up to 200 chats, chat by chat in the order given and each chat's in seq
-- order, up to 2,000 (and the page budget) after (p_after_chat, p_after_seq): p_after_chat is
-- a 1-based position in p_chat_ids. Each chat's read is an index range from where it starts.
create function public.chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint,
                                            p_caller text)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  rows jsonb := '[]';
  chat_rows jsonb;
  wanted integer := 2001;
  position integer;
begin
  perform chat_private.require_admin(p_caller);
  if coalesce(cardinality(p_chat_ids), 0) > 200 then
    raise sqlstate 'PT400' using message = 'at most 200 chats a page';
  end if;
  if p_after_chat is null or p_after_chat < 1 or p_after_seq is null or p_after_seq < 0 then
    raise sqlstate 'PT400' using message = 'the cursor is a chat position (from 1) and a seq (from 0)';
  end if;
  perform chat_private.spend_for('export_pages_per_admin', format('export:%s', p_caller));
  for position in p_after_chat .. coalesce(cardinality(p_chat_ids), 0) loop
    select coalesce(jsonb_agg(chat_private.message_json(m) order by m.seq), '[]') into chat_rows
    from (select * from public.chat_messages
          where chat_id = p_chat_ids[position]
            and seq > case when position = p_after_chat then p_after_seq else 0 end
          order by seq
          limit wanted) m;
    rows := rows || chat_rows;
    wanted := wanted - jsonb_array_length(chat_rows);
    exit when wanted <= 0;
  end loop;
  return chat_private.page_within_budget('messages', rows, 2000);
end
$$;
comment on function public.chat_export_messages(uuid[], integer, bigint, text) is
  'POST /chat-session/export and /customer-data (admin): a page of the messages of a page of chats; one charge of the export budget.';

drop function public.chat_customer_chats(text, text);
create function public.chat_customer_chats(p_email text, p_caller text, p_export_key text default null)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  email text := chat_private.valid_email(p_email);
  chats uuid[];
begin
  perform chat_private.require_owner(p_caller);
  select coalesce(array_agg(s.id order by s.created_at, s.id), '{}') into chats
  from public.chat_sessions s where lower(s.customer_email) = email;
  perform chat_private.record_export(p_export_key, chats);
  return jsonb_build_object(
    'chats', (select coalesce(jsonb_agg(chat_private.session_json(s) order by s.created_at, s.id), '[]')
              from public.chat_sessions s where s.id = any(chats)),
    -- the export files that hold any of them (this export's own included)
    'export_files', (select coalesce(jsonb_agg(distinct f.key), '[]')
                     from chat_private.export_files f where f.chat_id = any(chats)));
end
$$;
comment on function public.chat_customer_chats(text, text, text) is
  'POST /chat-session/customer-data and /erase (owner): the chats of one customer email, and the export files that hold them.';

-- Suppressions by hash: whether an address is suppressed is all the notifier asks.
create function chat_private.email_sha256(address text) returns bytea
language sql immutable set search_path = '' as $$ select sha256(convert_to(lower(address), 'UTF8')) $$;

alter table chat_private.email_suppressions add column email_sha256 bytea;
update chat_private.email_suppressions
  set email_sha256 = chat_private.email_sha256(email),
      detail = replace(detail, email, '<address>');
alter table chat_private.email_suppressions drop constraint email_suppressions_pkey;
alter table chat_private.email_suppressions drop column email;
alter table chat_private.email_suppressions alter column email_sha256 set not null;
alter table chat_private.email_suppressions add primary key (email_sha256);

create or replace function public.chat_suppress_email(p_email text, p_reason text, p_detail text) returns jsonb
language plpgsql security definer set search_path = '' as $$
begin
  if p_email is null or p_email !~ '^[^@\s]+@[^@\s]+$' or char_length(p_email) > 320 then
    raise sqlstate 'PT400' using message = 'an email address is needed';
  end if;
  if p_reason is null or p_reason not in ('bounce', 'complaint') then
    raise sqlstate 'PT400' using message = 'the reason is bounce or complaint';
  end if;
  -- SES's diagnostic often quotes the address: it is kept without it
  insert into chat_private.email_suppressions (email_sha256, reason, detail)
  values (chat_private.email_sha256(p_email), p_reason,
          left(regexp_replace(p_detail, '[^\s<>"'',;:()\[\]]+@[^\s<>"'',;:()\[\]]+', '<address>', 'g'), 500))
  on conflict (email_sha256) do nothing;
  return jsonb_build_object('email', lower(p_email), 'suppressed', true);
end
$$;

create or replace function chat_private.notification_recipient(n chat_private.notifications, s public.chat_sessions, OUT recipient jsonb, OUT skipped_because text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  a public.chat_admins;
  address text;
  name text;
  pushes jsonb := chat_private.push_targets(n);
  email_reason text;
begin
  if n.recipient_type = 'customer' then
    name := s.customer_name;
    if exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id) then
      email_reason := 'opted_out';
    else
      address := s.customer_email;
    end if;
  else
    select * into a from public.chat_admins where user_id::text = n.recipient_id;
    if a.user_id is null or a.deactivated_at is not null then
      skipped_because := 'deactivated';
      return;
    end if;
    name := a.display_name;
    if not chat_private.admin_routed(a, s) then
      skipped_because := 'preference';
      return;
    end if;
    if chat_private.admin_wants_email(a, s) then
      address := a.email;
    else
      email_reason := 'preference';
    end if;
  end if;
  if address is not null and exists (select 1 from chat_private.email_suppressions x
                                     where x.email_sha256 = chat_private.email_sha256(address)) then
    address := null;
    email_reason := 'suppressed';
  end if;
  if address is null and jsonb_array_length(pushes) = 0 then
    skipped_because := coalesce(email_reason, 'suppressed');
    return;
  end if;
  recipient := jsonb_build_object('email', address, 'name', name, 'push', pushes);
end
$$;
revoke execute on function
  chat_private.record_export(text, uuid[]),
  chat_private.email_sha256(text)
from public;
revoke execute on function
  public.chat_export_chats(timestamptz, timestamptz, timestamptz, uuid, text, text),
  public.chat_export_messages(uuid[], integer, bigint, text),
  public.chat_customer_chats(text, text, text)
from public, anon, authenticated;
grant execute on function
  public.chat_export_chats(timestamptz, timestamptz, timestamptz, uuid, text, text),
  public.chat_export_messages(uuid[], integer, bigint, text),
  public.chat_customer_chats(text, text, text)
to service_role;
