-- The whole database the migrations in supabase/migrations build: written by `make schema`,
-- never edited by hand (change the database with a new migration). Each function's comment
-- names the API route it serves.

--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: chat_private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA chat_private;

--
-- Name: public; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA public;

--
-- Name: SCHEMA public; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA public IS 'standard public schema';

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: chat_admins; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_admins (
    user_id uuid NOT NULL,
    display_name text NOT NULL,
    email text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    online boolean DEFAULT false NOT NULL,
    seen_at timestamp with time zone,
    last_assigned_at timestamp with time zone,
    role text DEFAULT 'agent'::text NOT NULL,
    deactivated_at timestamp with time zone,
    email_notifications text DEFAULT 'all'::text NOT NULL,
    CONSTRAINT chat_admins_display_name_check CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 100))),
    CONSTRAINT chat_admins_email_check CHECK ((char_length(email) <= 254)),
    CONSTRAINT chat_admins_email_notifications_check CHECK ((email_notifications = ANY (ARRAY['all'::text, 'assigned'::text, 'off'::text]))),
    CONSTRAINT chat_admins_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'agent'::text])))
);

--
-- Name: COLUMN chat_admins.email_notifications; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_admins.email_notifications IS 'Unread-message emails: all (every chat routed to this admin), assigned (only its own chats), off.';

--
-- Name: chat_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_sessions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    customer_name text,
    customer_email text,
    metadata jsonb,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    closed_at timestamp with time zone,
    last_message_at timestamp with time zone,
    last_seq bigint DEFAULT 0 NOT NULL,
    last_activity_at timestamp with time zone GENERATED ALWAYS AS (COALESCE(last_message_at, created_at)) STORED,
    customer_id uuid DEFAULT gen_random_uuid() NOT NULL,
    last_message_preview text,
    assignee_id uuid,
    assignee_name text,
    CONSTRAINT chat_sessions_customer_email_check CHECK (((customer_email IS NULL) OR ((char_length(customer_email) <= 254) AND (customer_email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'::text)))),
    CONSTRAINT chat_sessions_customer_name_check CHECK (((customer_name IS NULL) OR ((char_length(customer_name) >= 1) AND (char_length(customer_name) <= 200)))),
    CONSTRAINT chat_sessions_last_seq_check CHECK ((last_seq >= 0)),
    CONSTRAINT chat_sessions_metadata_check CHECK (((metadata IS NULL) OR (jsonb_typeof(metadata) = 'object'::text))),
    CONSTRAINT chat_sessions_status_check CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text])))
);

--
-- Name: admin_routed(public.chat_admins, public.chat_sessions); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.admin_routed(a public.chat_admins, s public.chat_sessions) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select a.deactivated_at is null and (s.assignee_id is null or s.assignee_id = a.user_id)
$$;

--
-- Name: admin_wants_email(public.chat_admins, public.chat_sessions); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.admin_wants_email(a public.chat_admins, s public.chat_sessions) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select a.deactivated_at is null and case a.email_notifications
    when 'all' then s.assignee_id is null or s.assignee_id = a.user_id
    when 'assigned' then s.assignee_id = a.user_id
    else false
  end
$$;

--
-- Name: admit_invited_user(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.admit_invited_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- security definer: Auth inserts as supabase_auth_admin, which may not write our tables
  -- (supabase.com/docs/guides/troubleshooting/dashboard-errors-when-managing-users-N1ls4A).
  insert into public.chat_admins (user_id, display_name, email, role)
  select new.id, i.display_name, i.email, i.role
  from chat_private.admin_invites i
  where i.email = lower(new.email) and i.invited_at > now() - interval '1 day'
  on conflict (user_id) do nothing;
  delete from chat_private.admin_invites where email = lower(new.email);
  return new;
end
$$;

--
-- Name: assigned_as_asked(public.chat_sessions, text, text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case p_assignee
    when 'me' then s.assignee_id::text = p_caller
    when 'none' then s.assignee_id is null
    else true
  end
$$;

--
-- Name: FUNCTION assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text) IS 'GET /chat-session?assignee=: is a session one the filter asks for (me, none, or any).';

--
-- Name: email_sha256(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.email_sha256(address text) RETURNS bytea
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select sha256(convert_to(lower(address), 'UTF8')) $$;

--
-- Name: enforce_send_rate_limit(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.enforce_send_rate_limit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  lim chat_private.send_rate_limit;
begin
  select * into lim from chat_private.send_rate_limit;
  perform chat_private.spend(format('send:%s:%s', new.chat_id, new.sender_type), lim.max_messages, lim.per_seconds);
  return new;
end
$$;

--
-- Name: FUNCTION enforce_send_rate_limit(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.enforce_send_rate_limit() IS 'POST /chat-message: the per-chat, per-side send budget (trigger on chat_messages).';

--
-- Name: erase_chats(uuid[]); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.erase_chats(p_chat_ids uuid[]) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: invite(text, text, text, uuid); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.invite(p_email text, p_display_name text, p_role text, p_invited_by uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  invitee_email text := lower(btrim(p_email));
  invitee_name text := btrim(p_display_name);
  existing public.chat_admins;
  u auth.users;
begin
  if not chat_private.is_email(invitee_email) then
    raise sqlstate 'PT400' using message = 'email must be an email address';
  end if;
  if invitee_name is null or char_length(invitee_name) not between 1 and 100 then
    raise sqlstate 'PT400' using message = 'display_name must be 1 to 100 characters';
  end if;
  if p_role is null or p_role not in ('owner', 'agent') then
    raise sqlstate 'PT400' using message = 'role must be owner or agent';
  end if;
  select * into u from auth.users where email = invitee_email;
  if found then
    select * into existing from public.chat_admins a where a.user_id = u.id;
    if found and existing.deactivated_at is not null then
      raise sqlstate 'PT409' using message = invitee_email || ' was deactivated: reactivate them instead',
        hint = 'invitee_deactivated';
    elsif found and u.email_confirmed_at is not null then
      raise sqlstate 'PT409' using message = invitee_email || ' is already on the team',
        hint = 'already_on_team';
    elsif found then  -- invited, not accepted yet: Auth sends the email again
      update public.chat_admins set display_name = invitee_name, role = p_role where user_id = u.id
      returning * into existing;
      return jsonb_build_object('send_invite', true, 'member', chat_private.member_json(existing, u));
    end if;
    -- a user of this project already (signed in before): an admin now, no email needed
    perform chat_private.require_team_room();
    insert into public.chat_admins (user_id, display_name, email, role)
    values (u.id, invitee_name, invitee_email, p_role)
    returning * into existing;
    return jsonb_build_object('send_invite', false, 'member', chat_private.member_json(existing, u));
  end if;
  if not exists (select 1 from chat_private.admin_invites i
                 where i.email = invitee_email and i.invited_at > now() - interval '1 day') then
    perform chat_private.require_team_room();
  end if;
  insert into chat_private.admin_invites (email, display_name, role, invited_by)
  values (invitee_email, invitee_name, p_role, p_invited_by)
  on conflict on constraint admin_invites_pkey do update
    set display_name = excluded.display_name, role = excluded.role,
        invited_by = excluded.invited_by, invited_at = now();
  return jsonb_build_object('send_invite', true, 'member', jsonb_build_object(
    'user_id', null, 'email', invitee_email, 'display_name', invitee_name, 'role', p_role,
    'status', 'not_sent', 'last_sign_in_at', null, 'online', false));
end
$$;

--
-- Name: is_chat_admin(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.is_chat_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select exists (
    select 1 from public.chat_admins
    where user_id::text = auth.jwt() ->> 'sub' and deactivated_at is null)
$$;

--
-- Name: FUNCTION is_chat_admin(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.is_chat_admin() IS 'RLS and Realtime authorization: is the request''s JWT subject a chat admin.';

--
-- Name: is_email(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.is_email(address text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  select address is not null
     and char_length(address) <= 254
     and char_length(split_part(address, '@', 1)) <= 64
     and address ~ '^[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$'
$_$;

--
-- Name: max_push_devices(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.max_push_devices() RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$select 10$$;

--
-- Name: max_team_size(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.max_team_size() RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select 500 $$;

--
-- Name: may_use_topic(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.may_use_topic(topic text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
  select coalesce(
    case
      when topic ~ '@[0-9]{1,18}$' and split_part(topic, '@', 2)::bigint <> chat_private.realtime_epoch() then false
      when chat_private.topic_room(topic) = 'dashboard' then chat_private.is_chat_admin()
      when chat_private.topic_room(topic) = 'support' then
        auth.jwt() ->> 'chat_id' is not null or chat_private.is_chat_admin()
      when chat_private.topic_room(topic) like 'chat-team:%' then chat_private.is_chat_admin()
      when chat_private.topic_room(topic) like 'chat:%' then
        substr(chat_private.topic_room(topic), 6) = auth.jwt() ->> 'chat_id' or chat_private.is_chat_admin()
      else false
    end,
    false)
$_$;

--
-- Name: FUNCTION may_use_topic(topic text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.may_use_topic(topic text) IS 'Realtime authorization (realtime.messages SELECT): may this JWT join the private topic (dashboard, support, chat:<id>, chat-team:<id>).';

--
-- Name: may_write_topic(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.may_write_topic(topic text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select case when chat_private.topic_room(topic) = 'support'
              then coalesce(chat_private.is_chat_admin(), false) and chat_private.may_use_topic(topic)
              else chat_private.may_use_topic(topic) end
$$;

--
-- Name: FUNCTION may_write_topic(topic text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.may_write_topic(topic text) IS 'Realtime authorization (realtime.messages INSERT): may this JWT broadcast or track presence on the topic; on support only admins.';

--
-- Name: member_json(public.chat_admins, auth.users); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.member_json(a public.chat_admins, u auth.users) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  select jsonb_build_object(
    'user_id', a.user_id,
    'email', a.email,
    'display_name', a.display_name,
    'role', a.role,
    'status', case when a.deactivated_at is not null then 'deactivated'
                   when u.email_confirmed_at is null then 'invited'
                   else 'active' end,
    'last_sign_in_at', u.last_sign_in_at,
    'online', a.online and a.seen_at > now() - interval '150 seconds' and a.deactivated_at is null
  )
$$;

--
-- Name: chat_messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_messages (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    chat_id uuid NOT NULL,
    sender_type text NOT NULL,
    sender_id text,
    content text NOT NULL,
    seq bigint NOT NULL,
    client_msg_id uuid,
    sender_name text,
    attachments jsonb DEFAULT '[]'::jsonb NOT NULL,
    CONSTRAINT chat_messages_attachments_check CHECK (((jsonb_typeof(attachments) = 'array'::text) AND (jsonb_array_length(attachments) <= 5))),
    CONSTRAINT chat_messages_content_check CHECK (((char_length(content) <= 4000) AND ((btrim(content, ' 	
'::text) <> ''::text) OR (jsonb_array_length(attachments) > 0)))),
    CONSTRAINT chat_messages_sender_name_check CHECK (((sender_name IS NULL) OR ((char_length(sender_name) >= 1) AND (char_length(sender_name) <= 100)))),
    CONSTRAINT chat_messages_sender_type_check CHECK ((sender_type = ANY (ARRAY['admin'::text, 'customer'::text]))),
    CONSTRAINT chat_messages_seq_check CHECK ((seq >= 1))
);

--
-- Name: message_json(public.chat_messages); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.message_json(m public.chat_messages) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  select jsonb_build_object(
    'id', m.id,
    'chat_id', m.chat_id,
    'seq', m.seq,
    'created_at', m.created_at,
    'sender_type', m.sender_type,
    'sender_id', m.sender_id,
    'sender_name', m.sender_name,
    'content', m.content,
    'client_msg_id', m.client_msg_id,
    'attachments', m.attachments
  )
$$;

--
-- Name: FUNCTION message_json(m public.chat_messages); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.message_json(m public.chat_messages) IS 'The JSON of a message in every route that returns one.';

--
-- Name: next_assignee(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.next_assignee() RETURNS public.chat_admins
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  chosen public.chat_admins;
begin
  perform pg_advisory_xact_lock(hashtext('chat_private.next_assignee'));
  select * into chosen from public.chat_admins a
  where a.online and a.seen_at > now() - interval '150 seconds' and a.deactivated_at is null
  order by a.last_assigned_at nulls first, a.user_id
  limit 1;
  if found then
    update public.chat_admins set last_assigned_at = clock_timestamp() where user_id = chosen.user_id;
  end if;
  return chosen;
end
$$;

--
-- Name: FUNCTION next_assignee(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.next_assignee() IS 'POST /chat-session with automatic assignment on: the online admin whose turn it is (round robin), or none.';

--
-- Name: no_upper_seq(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.no_upper_seq() RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ select 9223372036854775807::bigint $$;

--
-- Name: FUNCTION no_upper_seq(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.no_upper_seq() IS 'GET /chat-message: the bound for "no before_seq", so the keyset stays an index condition.';

--
-- Name: chat_notes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_notes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    chat_id uuid NOT NULL,
    author_id uuid NOT NULL,
    author_name text NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chat_notes_body_check CHECK (((char_length(body) <= 4000) AND (btrim(body) <> ''::text)))
);

--
-- Name: note_json(public.chat_notes); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.note_json(n public.chat_notes) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select jsonb_build_object('id', n.id, 'chat_id', n.chat_id, 'author_id', n.author_id,
                            'author_name', n.author_name, 'body', n.body, 'created_at', n.created_at)
$$;

--
-- Name: FUNCTION note_json(n public.chat_notes); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.note_json(n public.chat_notes) IS 'The JSON of a private note in every route that returns one.';

--
-- Name: notifications; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.notifications (
    id bigint NOT NULL,
    chat_id uuid NOT NULL,
    recipient_type text NOT NULL,
    recipient_id text NOT NULL,
    first_seq bigint NOT NULL,
    due_at timestamp with time zone NOT NULL,
    state text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    claimed_at timestamp with time zone,
    claimed_by text,
    finished_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    skipped_because text,
    stage text DEFAULT 'first'::text NOT NULL,
    kind text DEFAULT 'unread'::text NOT NULL,
    CONSTRAINT notifications_first_seq_check CHECK ((first_seq >= 1)),
    CONSTRAINT notifications_kind_check CHECK ((kind = ANY (ARRAY['unread'::text, 'transcript'::text]))),
    CONSTRAINT notifications_last_error_check CHECK ((char_length(last_error) <= 500)),
    CONSTRAINT notifications_recipient_id_check CHECK (((char_length(recipient_id) >= 1) AND (char_length(recipient_id) <= 100))),
    CONSTRAINT notifications_recipient_type_check CHECK ((recipient_type = ANY (ARRAY['admin'::text, 'customer'::text]))),
    CONSTRAINT notifications_skipped_because_check CHECK ((skipped_because = ANY (ARRAY['read'::text, 'closed'::text, 'deactivated'::text, 'opted_out'::text, 'suppressed'::text, 'preference'::text, 'reopened'::text]))),
    CONSTRAINT notifications_stage_check CHECK ((stage = ANY (ARRAY['first'::text, 'email'::text]))),
    CONSTRAINT notifications_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'skipped'::text, 'failed'::text])))
);

--
-- Name: notification_digest(chat_private.notifications); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.notification_digest(n chat_private.notifications) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'seq', m.seq, 'created_at', m.created_at, 'sender_type', m.sender_type,
           'sender_name', m.sender_name, 'content', m.content,
           'attachments', (select coalesce(jsonb_agg(a ->> 'name'), '[]') from jsonb_array_elements(m.attachments) a))
         order by m.seq), '[]')
  from (
    select * from public.chat_messages m
    where m.chat_id = n.chat_id and m.seq >= n.first_seq and m.sender_type <> n.recipient_type
      and m.seq > coalesce((select c.seq from public.chat_read_cursors c
                            where c.chat_id = n.chat_id and c.reader_type = n.recipient_type
                              and c.reader_id = n.recipient_id), 0)
    order by m.seq desc
    limit 20
  ) m
$$;

--
-- Name: notification_recipient(chat_private.notifications, public.chat_sessions); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.notification_recipient(n chat_private.notifications, s public.chat_sessions, OUT recipient jsonb, OUT skipped_because text) RETURNS record
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

--
-- Name: open_notification_windows(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.open_notification_windows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  delay integer;
begin
  select delay_seconds into delay from chat_private.notification_settings;
  select * into s from public.chat_sessions where id = new.chat_id;
  insert into chat_private.notifications (chat_id, recipient_type, recipient_id, first_seq, due_at)
  select new.chat_id, r.recipient_type, r.recipient_id, new.seq, new.created_at + make_interval(secs => delay)
  from (
    select 'customer' as recipient_type, s.customer_id::text as recipient_id
    where new.sender_type = 'admin'
      and ((s.customer_email is not null
            and not exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id))
           or exists (select 1 from chat_private.push_subscriptions p where p.chat_id = s.id))
    union all
    select 'admin', a.user_id::text
    from public.chat_admins a
    where new.sender_type = 'customer'
      and (chat_private.admin_wants_email(a, s)
           or (chat_private.admin_routed(a, s)
               and exists (select 1 from chat_private.push_subscriptions p
                           where p.subscriber_type = 'admin' and p.subscriber_id = a.user_id::text)))
  ) r
  on conflict (chat_id, recipient_type, recipient_id, kind) where state in ('pending', 'sending') do nothing;
  return null;
end
$$;

--
-- Name: others_read(uuid, boolean); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.others_read(p_chat_id uuid, p_reader_is_admin boolean) RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(max(c.seq), 0) from public.chat_read_cursors c
  where c.chat_id = p_chat_id and c.reader_type = case when p_reader_is_admin then 'customer' else 'admin' end
$$;

--
-- Name: FUNCTION others_read(p_chat_id uuid, p_reader_is_admin boolean); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.others_read(p_chat_id uuid, p_reader_is_admin boolean) IS 'GET /chat-message: how far the other side of the chat has read (others_read_seq).';

--
-- Name: page_limit(integer); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.page_limit(requested integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select least(greatest(coalesce(requested, 50), 1), 200)
$$;

--
-- Name: FUNCTION page_limit(requested integer); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.page_limit(requested integer) IS 'GET /chat-session and GET /chat-message: the page size asked for, clamped.';

--
-- Name: page_within_budget(text, jsonb, integer, boolean); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean DEFAULT false) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean) IS 'GET /chat-session and GET /chat-message: ends a page before its JSON outgrows the response budget.';

--
-- Name: chat_presence; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_presence (
    chat_id uuid NOT NULL,
    present boolean NOT NULL,
    seen_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: presence_json(public.chat_presence); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.presence_json(p public.chat_presence) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select jsonb_build_object(
    'customer_online', coalesce(p.present and p.seen_at > now() - interval '150 seconds', false),
    'customer_seen_at', p.seen_at)
$$;

--
-- Name: FUNCTION presence_json(p public.chat_presence); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.presence_json(p public.chat_presence) IS 'GET /chat-session and POST /chat-session/presence: is the customer online (a beat within 150 s) and when it was last seen.';

--
-- Name: push_targets(chat_private.notifications); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.push_targets(n chat_private.notifications) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'endpoint', p.endpoint,
                                               'keys', jsonb_build_object('p256dh', p.p256dh, 'auth', p.auth))
                            order by p.id), '[]')
  from chat_private.push_subscriptions p
  where n.stage = 'first' and p.subscriber_type = n.recipient_type and p.subscriber_id = n.recipient_id
    and (p.chat_id is null or p.chat_id = n.chat_id)
$$;

--
-- Name: queue_transcript_email(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.queue_transcript_email() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if new.status = 'closed' and old.status <> 'closed' and new.customer_email is not null then
    insert into chat_private.notifications (chat_id, recipient_type, recipient_id, first_seq, due_at, kind)
    values (new.id, 'customer', new.customer_id::text, 1, now() + interval '60 seconds', 'transcript')
    on conflict (chat_id, recipient_type, recipient_id, kind) where state in ('pending', 'sending') do nothing;
  end if;
  return null;
end
$$;

--
-- Name: realtime_epoch(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.realtime_epoch() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select epoch from public.chat_realtime_epoch
$$;

--
-- Name: record_export(text, uuid[]); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.record_export(p_key text, p_chat_ids uuid[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: require_admin(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.require_admin(p_user_id text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  deactivated timestamptz;
begin
  if p_user_id is null or p_user_id !~ '^[0-9a-fA-F-]{36}$' then
    raise sqlstate 'PT403' using message = 'this route is for admins';
  end if;
  select a.deactivated_at into deactivated from public.chat_admins a where a.user_id = p_user_id::uuid;
  if not found then
    raise sqlstate 'PT403' using message = 'this route is for admins';
  elsif deactivated is not null then
    raise sqlstate 'PT403' using message = 'your admin access was removed by an owner of the team',
      hint = 'admin_deactivated';
  end if;
end
$_$;

--
-- Name: FUNCTION require_admin(p_user_id text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.require_admin(p_user_id text) IS 'Every admin route: refuses (PT403) a caller who is not in chat_admins, in the same call as the operation.';

--
-- Name: require_owner(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.require_owner(p_user_id text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_user_id);
  if not exists (select 1 from public.chat_admins where user_id = p_user_id::uuid and role = 'owner') then
    raise sqlstate 'PT403' using message = 'only an owner of the team can manage it';
  end if;
end
$$;

--
-- Name: require_team_room(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.require_team_room() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if (select count(*) from public.chat_admins where deactivated_at is null)
     + (select count(*) from chat_private.admin_invites i where i.invited_at > now() - interval '1 day'
          and not exists (select 1 from auth.users u join public.chat_admins a on a.user_id = u.id
                          where u.email = i.email))
     >= chat_private.max_team_size() then
    raise sqlstate 'PT409' using
      message = format('a team has at most %s admins: deactivate someone first', chat_private.max_team_size());
  end if;
end
$$;

--
-- Name: saved_replies; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.saved_replies (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    updated_by uuid NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT saved_replies_body_check CHECK (((char_length(body) <= 4000) AND (btrim(body) <> ''::text))),
    CONSTRAINT saved_replies_title_check CHECK (((char_length(btrim(title)) >= 1) AND (char_length(btrim(title)) <= 100)))
);

--
-- Name: saved_reply_json(chat_private.saved_replies); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.saved_reply_json(r chat_private.saved_replies) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select jsonb_build_object('id', r.id, 'title', r.title, 'body', r.body, 'updated_at', r.updated_at)
$$;

--
-- Name: FUNCTION saved_reply_json(r chat_private.saved_replies); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.saved_reply_json(r chat_private.saved_replies) IS 'The JSON of a saved reply in every route that returns one.';

--
-- Name: search_candidates(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.search_candidates() RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$select 5000$$;

--
-- Name: search_snippet(text, tsquery); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.search_snippet(content text, words tsquery) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select ts_headline('simple', content, words,
    'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=8, ShortWord=1, MaxFragments=2, FragmentDelimiter=" … "')
$$;

--
-- Name: search_words(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.search_words(p_query text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select to_tsquery('simple', string_agg(quote_literal(word) || case when last then ':*' else '' end, ' & ' order by n))
  from (
    select word, n, n = max(n) over () as last
    from regexp_split_to_table(lower(p_query), '[^[:alnum:]]+') with ordinality as words(word, n)
    where word <> ''
  ) words
$$;

--
-- Name: FUNCTION search_words(p_query text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.search_words(p_query text) IS 'GET /chat-session?q=: the words of a search as a tsquery (all words, the last as a prefix).';

--
-- Name: session_for_admin(public.chat_sessions, text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.session_for_admin(s public.chat_sessions, p_admin_id text) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select chat_private.session_json(s)
    || jsonb_build_object('unread', chat_private.unread(s.id, p_admin_id))
    || coalesce((select chat_private.presence_json(p) from public.chat_presence p where p.chat_id = s.id),
                jsonb_build_object('customer_online', false, 'customer_seen_at', null))
$$;

--
-- Name: FUNCTION session_for_admin(s public.chat_sessions, p_admin_id text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.session_for_admin(s public.chat_sessions, p_admin_id text) IS 'GET /chat-session: a session as the calling admin sees it (its unread count, the customer''s presence).';

--
-- Name: session_json(public.chat_sessions); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.session_json(s public.chat_sessions) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: FUNCTION session_json(s public.chat_sessions); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.session_json(s public.chat_sessions) IS 'The JSON of a session in every route that returns one.';

--
-- Name: spend(text, integer, integer, boolean); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.spend(bucket text, max_events integer, per_seconds integer, record boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION spend(bucket text, max_events integer, per_seconds integer, record boolean); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.spend(bucket text, max_events integer, per_seconds integer, record boolean) IS 'The rate budgets (join, create, rotate, read): spends one event under a key, or raises PT429 with the wait.';

--
-- Name: spend_for(text, text, boolean); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.spend_for(action text, bucket text, record boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  lim chat_private.rate_limits;
begin
  select * into lim from chat_private.rate_limits l where l.action = spend_for.action;
  perform chat_private.spend(bucket, lim.max_events, lim.per_seconds, record);
end
$$;

--
-- Name: FUNCTION spend_for(action text, bucket text, record boolean); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.spend_for(action text, bucket text, record boolean) IS 'The rate budgets: spend() with the limits chat_private.rate_limits holds for an action.';

--
-- Name: topic_room(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.topic_room(topic text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  select case when topic ~ '@[0-9]{1,18}$' then split_part(topic, '@', 1) else topic end
$_$;

--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  new.updated_at := now();
  return new;
end
$$;

--
-- Name: FUNCTION touch_updated_at(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.touch_updated_at() IS 'Keeps updated_at current on chat_sessions (trigger).';

--
-- Name: unread(uuid, text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.unread(p_chat_id uuid, p_admin_id text) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select count(*)::integer from (
    select 1 from public.chat_messages m
    where m.chat_id = p_chat_id
      and m.seq > coalesce((select c.seq from public.chat_read_cursors c
                            where c.chat_id = p_chat_id and c.reader_type = 'admin' and c.reader_id = p_admin_id), 0)
      and m.sender_id is distinct from p_admin_id
    limit 100
  ) unread
$$;

--
-- Name: FUNCTION unread(p_chat_id uuid, p_admin_id text); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.unread(p_chat_id uuid, p_admin_id text) IS 'GET /chat-session: the calling admin''s unread count per session (messages from others after its cursor, up to 100).';

--
-- Name: valid_email(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.valid_email(p_email text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if not chat_private.is_email(p_email) then
    raise sqlstate 'PT400' using message = 'email must be an email address';
  end if;
  return lower(p_email);
end
$$;

--
-- Name: chat_add_note(uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_add_note(p_chat_id uuid, p_body text, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  n public.chat_notes;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('note_per_admin', format('note:%s', p_admin_id));
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  insert into public.chat_notes (chat_id, author_id, author_name, body)
  select p_chat_id, a.user_id, a.display_name, p_body from public.chat_admins a where a.user_id = p_admin_id::uuid
  returning * into n;
  return chat_private.note_json(n);
end
$$;

--
-- Name: FUNCTION chat_add_note(p_chat_id uuid, p_body text, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_add_note(p_chat_id uuid, p_body text, p_admin_id text) IS 'POST /chat-message/notes (admin): a private note in a chat, for admins only.';

--
-- Name: chat_admin_online(text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_admin_online(p_admin_id text, p_online boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('online_per_admin', format('online:%s', p_admin_id));
  if p_online is null then
    raise sqlstate 'PT400' using message = 'online must be true or false';
  end if;
  -- A beat soon after the last one writes nothing.
  update public.chat_admins set online = p_online, seen_at = now()
  where user_id = p_admin_id::uuid and not (online and p_online and seen_at > now() - interval '20 seconds');
  return jsonb_build_object('online', p_online);
end
$$;

--
-- Name: FUNCTION chat_admin_online(p_admin_id text, p_online boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_admin_online(p_admin_id text, p_online boolean) IS 'POST /chat-session/online (admin): the dashboard is open (a beat, written at most every 20 s) or closing.';

--
-- Name: chat_admin_profile(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_admin_profile(p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  profile jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  select jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name, 'role', a.role,
                            'email_notifications', a.email_notifications,
                            'realtime_epoch', chat_private.realtime_epoch()) into profile
  from public.chat_admins a where a.user_id = p_admin_id::uuid;
  return profile;
end
$$;

--
-- Name: FUNCTION chat_admin_profile(p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_admin_profile(p_admin_id text) IS 'GET /chat-session/me: the calling admin''s id, display name and role.';

--
-- Name: chat_assign(uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  name text;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('assign_per_admin', format('assign:%s', p_admin_id));
  if p_assignee_id is not null then
    select a.display_name into name from public.chat_admins a
    where a.user_id = p_assignee_id and a.deactivated_at is null;
    if not found then
      raise sqlstate 'PT400' using message = 'assignee_id is not an active chat admin';
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

--
-- Name: FUNCTION chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) IS 'POST /chat-session/assign (admin): gives a chat to an admin, or (null) to nobody.';

--
-- Name: chat_authorize_upload(uuid, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if s.status <> 'open' then
    raise sqlstate 'PT409' using message = 'chat session is closed', hint = 'chat_closed';
  end if;
  perform chat_private.spend_for('upload_per_chat',
    format('upload:%s:%s', p_chat_id, case when p_as_admin then 'admin' else 'customer' end));
  return jsonb_build_object('chat_id', s.id);
end
$$;

--
-- Name: FUNCTION chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) IS 'POST /chat-message/uploads (the chat''s customer or an admin): the chat is open and its upload budget allows one more.';

--
-- Name: chat_claim_notifications(text, integer, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  cfg chat_private.notification_settings;
  claimed jsonb := '[]';
  n chat_private.notifications;
  s public.chat_sessions;
  messages jsonb;
  recipient jsonb;
  skipped text;
begin
  if p_worker is null or p_limit is null or p_limit not between 1 and 1000 then
    raise sqlstate 'PT400' using message = 'a worker name and a limit of 1 to 1000 are needed';
  end if;
  select * into cfg from chat_private.notification_settings;
  for n in
    select * from chat_private.notifications x
    where x.due_at <= now()
      and (x.state = 'pending'
           or (x.state = 'sending' and x.claimed_at < now() - make_interval(secs => cfg.claim_timeout_seconds)))
    order by x.due_at
    limit p_limit
    for update skip locked
  loop
    select * into s from public.chat_sessions where id = n.chat_id;
    select r.recipient, r.skipped_because into recipient, skipped from chat_private.notification_recipient(n, s) r;
    if n.kind = 'transcript' then
      -- email only: the transcript is a file's worth, not a push
      messages := '[]';
      skipped := case
        when s.status <> 'closed' then 'reopened'
        when not coalesce(p_transcripts, false) then 'preference'
        when recipient ->> 'email' is null then coalesce(skipped, 'opted_out')
        else null
      end;
      recipient := recipient - 'push';
    else
      messages := chat_private.notification_digest(n);
      skipped := case
        when s.status <> 'open' then 'closed'
        when jsonb_array_length(messages) = 0 then 'read'
        else skipped
      end;
    end if;
    if skipped is not null then
      update chat_private.notifications set state = 'skipped', skipped_because = skipped, finished_at = now()
      where id = n.id;
      continue;
    end if;
    update chat_private.notifications
    set state = 'sending', claimed_at = now(), claimed_by = p_worker, attempts = attempts + 1
    where id = n.id;
    claimed := claimed || jsonb_build_object(
      'id', n.id, 'kind', n.kind, 'chat_id', n.chat_id, 'recipient_type', n.recipient_type,
      'recipient_id', n.recipient_id, 'recipient', recipient, 'customer_name', s.customer_name,
      'messages', messages,
      -- the customer's link, for the API to show again in the email (never revoked by it)
      'link', case when n.recipient_type = 'customer' then (
        select jsonb_build_object('token_hash', encode(l.token_hash, 'hex'), 'expires_at', l.expires_at)
        from chat_private.chat_links l where l.chat_id = n.chat_id) end);
  end loop;
  return jsonb_build_object('notifications', claimed);
end
$$;

--
-- Name: FUNCTION chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean) IS 'tools.notifier (the scheduled notifier, no route): claims due notifications (and, with p_transcripts, closed chats'' transcripts), each by one run only.';

--
-- Name: chat_close_session(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_close_session(p_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('close_per_admin', format('close:%s', p_admin_id));
  update public.chat_sessions
  set status = 'closed', closed_at = now()
  where id = p_id and status = 'open'
  returning * into s;
  if not found then
    select * into s from public.chat_sessions where id = p_id;
    if not found then
      raise sqlstate 'PT404' using message = 'chat session not found';
    end if;
  end if;
  return chat_private.session_json(s);
end
$$;

--
-- Name: FUNCTION chat_close_session(p_id uuid, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_close_session(p_id uuid, p_admin_id text) IS 'DELETE /chat-session?id= (admin): closes a session; idempotent; messages are kept.';

--
-- Name: chat_create_session(uuid, text, text, jsonb, text, timestamp with time zone, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  chosen public.chat_admins;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('create_per_admin', format('create:%s', p_admin_id));
  if nullif(btrim(p_customer_email), '') is not null and not chat_private.is_email(btrim(p_customer_email)) then
    raise sqlstate 'PT400' using message = 'customer_email must be an email address';
  end if;
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

--
-- Name: FUNCTION chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean) IS 'POST /chat-session (admin): a new session (its id chosen by the API) and its link''s hash, given to the next online admin when automatic assignment is on; spends the admin''s create budget.';

--
-- Name: chat_current_link(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_current_link(p_chat_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  link chat_private.chat_links;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('link_per_admin', format('link:%s', p_admin_id));
  select * into s from public.chat_sessions where id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  select * into link from chat_private.chat_links where chat_id = p_chat_id;
  return jsonb_build_object(
    'session', chat_private.session_json(s),
    'token_hash', encode(link.token_hash, 'hex'),
    'expires_at', link.expires_at);
end
$$;

--
-- Name: FUNCTION chat_current_link(p_chat_id uuid, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_current_link(p_chat_id uuid, p_admin_id text) IS 'GET /chat-session/link (admin): the session, its link''s hash and expiry, for the API to show the link again.';

--
-- Name: chat_customer_chats(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_customer_chats(p_email text, p_caller text, p_export_key text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  email text := chat_private.valid_email(p_email);
  chats uuid[];
begin
  perform chat_private.require_owner(p_caller);
  -- an export and an erasure (which lists the chats first) each have their budget
  perform chat_private.spend_for(case when p_export_key is null then 'erase_per_owner' else 'customer_export_per_owner' end,
                                 format('customer_data:%s:%s', p_export_key is null, p_caller));
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

--
-- Name: FUNCTION chat_customer_chats(p_email text, p_caller text, p_export_key text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_customer_chats(p_email text, p_caller text, p_export_key text) IS 'POST /chat-session/customer-data and /erase (owner): the chats of one customer email, and the export files that hold them.';

--
-- Name: chat_delete_push_subscription(text, boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  removed integer;
begin
  if p_is_admin then
    perform chat_private.require_admin(p_caller_id);
  end if;
  perform chat_private.spend_for('push_subscription_per_caller', format('push:%s:%s', case when p_is_admin then 'admin' else 'customer' end, p_caller_id));
  delete from chat_private.push_subscriptions
  where endpoint = p_endpoint and subscriber_id = p_caller_id
    and subscriber_type = case when p_is_admin then 'admin' else 'customer' end;
  get diagnostics removed = row_count;
  return jsonb_build_object('deleted', removed > 0);
end
$$;

--
-- Name: FUNCTION chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text) IS 'DELETE /chat-session/push-subscriptions (admin or customer): this browser stops getting pushes.';

--
-- Name: chat_delete_reply(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_delete_reply(p_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('save_reply_per_admin', format('save_reply:%s', p_admin_id));
  delete from chat_private.saved_replies where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'saved reply not found';
  end if;
  return jsonb_build_object('id', p_id, 'deleted', true);
end
$$;

--
-- Name: FUNCTION chat_delete_reply(p_id uuid, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_delete_reply(p_id uuid, p_admin_id text) IS 'DELETE /chat-message/replies?id= (admin): removes a saved reply.';

--
-- Name: chat_email_subscription(text, text, uuid, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  a public.chat_admins;
begin
  perform chat_private.spend_for('unsubscribe_per_recipient', format('unsubscribe:%s:%s:%s', p_recipient_type, p_recipient_id, p_chat_id));
  select * into s from public.chat_sessions where id = p_chat_id;
  if p_recipient_type = 'customer' then
    if s.id is null or s.customer_id::text is distinct from p_recipient_id then
      raise sqlstate 'PT404' using message = 'no such chat';
    end if;
    if p_subscribed then
      delete from chat_private.customer_email_optouts where chat_id = s.id;
    elsif p_subscribed is not null then
      insert into chat_private.customer_email_optouts (chat_id) values (s.id) on conflict do nothing;
    end if;
    return jsonb_build_object(
      'recipient_type', 'customer', 'scope', 'chat',
      'subscribed', not exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id));
  elsif p_recipient_type = 'admin' then
    select * into a from public.chat_admins where user_id::text = p_recipient_id and deactivated_at is null;
    if a.user_id is null then
      raise sqlstate 'PT404' using message = 'no such admin';
    end if;
    if p_subscribed is not null then
      update public.chat_admins set email_notifications = case when p_subscribed then 'all' else 'off' end
      where user_id = a.user_id returning * into a;
    end if;
    return jsonb_build_object(
      'recipient_type', 'admin', 'scope', 'account', 'subscribed', a.email_notifications <> 'off');
  end if;
  raise sqlstate 'PT400' using message = 'the recipient is a customer or an admin';
end
$$;

--
-- Name: FUNCTION chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean) IS 'POST /chat-session/unsubscribe (the email''s signed token): stop (or restart) unread-message emails; GET says how they stand.';

--
-- Name: chat_erase_customer(text, uuid[], integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text) IS 'POST /chat-session/customer-data/erase (owner): erases one customer email''s chats, with an audit record.';

--
-- Name: chat_erase_expired(uuid[], integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer) IS 'tools.notifier (the scheduled job, no route): erases closed chats past the retention period, with an audit record.';

--
-- Name: chat_export_chats(timestamp with time zone, timestamp with time zone, timestamp with time zone, uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text) IS 'POST /chat-session/export (admin): the chats created in [from, to), 200 at a time after the cursor, recorded as held by the export''s file; one charge of the export budget.';

--
-- Name: chat_export_messages(uuid[], integer, bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text) IS 'POST /chat-session/export and /customer-data (admin): a page of the messages of a page of chats; one charge of the export budget.';

--
-- Name: chat_forget_export(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_forget_export(p_export_key text, p_caller text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_caller);
  delete from chat_private.export_files where key = p_export_key;
end
$$;

--
-- Name: FUNCTION chat_forget_export(p_export_key text, p_caller text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_forget_export(p_export_key text, p_caller text) IS 'POST /chat-session/export (admin), when refused midway: the file it was writing holds no chats.';

--
-- Name: chat_get_attachment(uuid, uuid, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  found_attachment jsonb;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  select a into found_attachment
  from public.chat_messages m, jsonb_array_elements(m.attachments) a
  where m.chat_id = p_chat_id and m.attachments @> jsonb_build_array(jsonb_build_object('id', p_attachment_id))
    and a ->> 'id' = p_attachment_id::text
  limit 1;
  if found_attachment is null then
    raise sqlstate 'PT404' using message = 'attachment not found';
  end if;
  return found_attachment;
end
$$;

--
-- Name: FUNCTION chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean) IS 'GET /chat-message/attachment (the chat''s customer or an admin): one attachment of the chat''s messages.';

--
-- Name: chat_get_session(uuid, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  select * into s from public.chat_sessions where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if p_as_admin then
    return chat_private.session_for_admin(s, p_caller);
  end if;
  return chat_private.session_json(s);
end
$$;

--
-- Name: FUNCTION chat_get_session(p_id uuid, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) IS 'GET /chat-session?id= (admin, or the customer of that chat): one session.';

--
-- Name: chat_invite_admin(text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('invite_per_owner', format('invite:%s', p_admin_id));
  perform chat_private.spend_for('invite_per_team', 'invite:team');
  return chat_private.invite(p_email, p_display_name, p_role, p_admin_id::uuid);
end
$$;

--
-- Name: FUNCTION chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text) IS 'POST /chat-session/team (owner): records an invitation (or adds an existing user) before Auth sends the email.';

--
-- Name: chat_invite_first_owner(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_invite_first_owner(p_email text, p_display_name text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform pg_advisory_xact_lock(hashtext('chat_private.team_owners'));
  -- an owner who has not accepted yet does not count: running the command again resends
  if exists (select 1 from public.chat_admins a join auth.users u on u.id = a.user_id
             where a.role = 'owner' and a.deactivated_at is null and u.email_confirmed_at is not null) then
    raise sqlstate 'PT409' using message = 'the team has an owner already: they invite everyone else';
  end if;
  return chat_private.invite(p_email, p_display_name, 'owner', null);
end
$$;

--
-- Name: FUNCTION chat_invite_first_owner(p_email text, p_display_name text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_invite_first_owner(p_email text, p_display_name text) IS 'tools.first_owner (secret key, no route): invites the first owner of a team that has none.';

--
-- Name: chat_join(uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
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
  perform chat_private.spend_for('join_per_chat', format('join:ok:%s', p_chat_id));
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id,
                            'realtime_epoch', chat_private.realtime_epoch());
end
$$;

--
-- Name: FUNCTION chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) IS 'POST /chat-session/join (no credential): a link''s hash for the session and a customer id, or {refused}; only failures spend the chat''s and the address''s failure budgets.';

--
-- Name: chat_list_admins(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_admins(p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  rows jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  select coalesce(jsonb_agg(jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name)
                            order by lower(a.display_name), a.user_id), '[]') into rows
  from (
    select * from public.chat_admins where deactivated_at is null
    order by lower(display_name), user_id
    limit chat_private.max_team_size() + 1
  ) a;
  return chat_private.page_within_budget('admins', rows, chat_private.max_team_size());
end
$$;

--
-- Name: FUNCTION chat_list_admins(p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_admins(p_admin_id text) IS 'GET /chat-session/admins (admin): every active chat admin''s id and display name (whom a chat can go to).';

--
-- Name: chat_list_messages(uuid, bigint, bigint, integer, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  before_seq bigint := coalesce(p_before_seq, chat_private.no_upper_seq());
  rows jsonb;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;

  if p_after_seq is not null then
    select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq), '[]') into rows
    from (
      select * from public.chat_messages m
      where m.chat_id = p_chat_id and m.seq > p_after_seq and m.seq < before_seq
      order by m.seq
      limit page_size + 1
    ) page;
    return chat_private.page_within_budget('messages', rows, page_size)
      || jsonb_build_object('others_read_seq', chat_private.others_read(p_chat_id, p_as_admin));
  end if;

  -- Newest first, so the budget keeps the newest; the page is turned back to seq order.
  select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq desc), '[]') into rows
  from (
    select * from public.chat_messages m
    where m.chat_id = p_chat_id and m.seq < before_seq
    order by m.seq desc
    limit page_size + 1
  ) page;
  return chat_private.page_within_budget('messages', rows, page_size, reversed => true)
    || jsonb_build_object('others_read_seq', chat_private.others_read(p_chat_id, p_as_admin));
end
$$;

--
-- Name: FUNCTION chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean) IS 'GET /chat-message: a page of a chat''s messages in seq order (after_seq or before_seq); spends the caller''s read budget.';

--
-- Name: chat_list_notes(uuid, text, timestamp with time zone, uuid, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 200) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  rows jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  if (p_before_created_at is null) <> (p_before_id is null) then
    raise sqlstate 'PT400' using message = 'the cursor needs both created_at and id';
  end if;
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  -- Newest first, so the budget keeps the newest; the page is turned back to oldest first.
  select coalesce(jsonb_agg(chat_private.note_json(recent) order by recent.created_at desc, recent.id desc), '[]')
  into rows
  from (
    select * from public.chat_notes n
    where n.chat_id = p_chat_id
      and (p_before_id is null or (n.created_at, n.id) < (p_before_created_at, p_before_id))
    order by n.created_at desc, n.id desc
    limit chat_private.page_limit(p_limit) + 1
  ) recent;
  return chat_private.page_within_budget('notes', rows, chat_private.page_limit(p_limit), reversed => true);
end
$$;

--
-- Name: FUNCTION chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer) IS 'GET /chat-message/notes (admin): a page of a chat''s private notes, oldest first, the newest page first (cursor: before).';

--
-- Name: chat_list_saved_replies(text, text, uuid, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_saved_replies(p_admin_id text, p_after_title text DEFAULT NULL::text, p_after_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 200) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  rows jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  if (p_after_title is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'the cursor needs both title and id';
  end if;
  select coalesce(jsonb_agg(chat_private.saved_reply_json(r) order by lower(r.title), r.id), '[]') into rows
  from (
    select * from chat_private.saved_replies s
    where p_after_id is null or (lower(s.title), s.id) > (lower(p_after_title), p_after_id)
    order by lower(s.title), s.id
    limit chat_private.page_limit(p_limit) + 1
  ) r;
  return chat_private.page_within_budget('replies', rows, chat_private.page_limit(p_limit));
end
$$;

--
-- Name: FUNCTION chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer) IS 'GET /chat-message/replies (admin): a page of the team''s saved replies, by title (cursor: after).';

--
-- Name: chat_list_sessions(text, timestamp with time zone, uuid, integer, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_sessions(p_status text DEFAULT NULL::text, p_before_activity_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50, p_caller text DEFAULT NULL::text, p_assignee text DEFAULT NULL::text) RETURNS jsonb
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

--
-- Name: FUNCTION chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text) IS 'GET /chat-session (admin): a page of sessions, newest activity first, optionally by status and assignee (me, none).';

--
-- Name: chat_list_team(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_team(p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  rows jsonb;
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  select coalesce(jsonb_agg(m.member order by m.deactivated, lower(m.member ->> 'display_name')), '[]') into rows
  from (
    select * from (
      select chat_private.member_json(a, u) as member, a.deactivated_at is not null as deactivated
      from public.chat_admins a join auth.users u on u.id = a.user_id
      union all
      -- recorded, but Auth has not created the user: the email was not sent (invite again)
      select jsonb_build_object('user_id', null, 'email', i.email, 'display_name', i.display_name,
                                'role', i.role, 'status', 'not_sent', 'last_sign_in_at', null, 'online', false),
             false
      from chat_private.admin_invites i where i.invited_at > now() - interval '1 day'
    ) everyone
    -- deactivated admins last: past the cap (they do not count towards it) they are left out
    order by deactivated, lower(member ->> 'display_name')
    limit chat_private.max_team_size() + 1
  ) m;
  return chat_private.page_within_budget('members', rows, chat_private.max_team_size());
end
$$;

--
-- Name: FUNCTION chat_list_team(p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_team(p_admin_id text) IS 'GET /chat-session/team (owner): every admin with email, role and status, and invitations not sent yet.';

--
-- Name: chat_mark_read(uuid, text, text, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  last_seq bigint;
  cursor_seq bigint;
begin
  if p_reader_type = 'admin' then
    perform chat_private.require_admin(p_reader_id);
  elsif p_reader_type is distinct from 'customer' then
    raise sqlstate 'PT400' using message = 'reader_type must be admin or customer';
  end if;
  perform chat_private.spend_for('mark_read_per_caller', format('mark_read:%s', p_reader_id));
  select s.last_seq into last_seq from public.chat_sessions s where s.id = p_chat_id;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if p_seq is null or p_seq < 0 or p_seq > last_seq then
    raise sqlstate 'PT400' using message = format('seq must be between 0 and the last message (%s)', last_seq);
  end if;

  insert into public.chat_read_cursors as c (chat_id, reader_type, reader_id, seq)
  values (p_chat_id, p_reader_type, p_reader_id, p_seq)
  on conflict (chat_id, reader_type, reader_id) do update
    set seq = excluded.seq, updated_at = now()
    where c.seq < excluded.seq
  returning c.seq into cursor_seq;
  if cursor_seq is null then  -- not beyond the stored cursor: it stays
    select c.seq into cursor_seq from public.chat_read_cursors c
    where c.chat_id = p_chat_id and c.reader_type = p_reader_type and c.reader_id = p_reader_id;
  end if;
  return jsonb_build_object('chat_id', p_chat_id, 'seq', cursor_seq);
end
$$;

--
-- Name: FUNCTION chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint) IS 'POST /chat-message/read: moves the caller''s read cursor forward (never back); spends its mark-read budget.';

--
-- Name: chat_note_presence(uuid, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_note_presence(p_chat_id uuid, p_present boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.chat_presence;
  was_present boolean;
begin
  if p_present is null then
    raise sqlstate 'PT400' using message = 'present must be true or false';
  end if;
  select * into p from public.chat_presence where chat_id = p_chat_id;
  was_present := coalesce(p.present, false);
  -- Nothing to write for a beat soon after the last one, or for leaving again.
  if (was_present and p_present and p.seen_at > now() - interval '20 seconds')
     or (p.chat_id is not null and not was_present and not p_present) then
    return chat_private.presence_json(p);
  end if;
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if was_present <> p_present then
    perform chat_private.spend_for('presence_per_chat', format('presence:%s', p_chat_id));
  end if;
  insert into public.chat_presence as c (chat_id, present, seen_at)
  values (p_chat_id, p_present, now())
  on conflict (chat_id) do update set present = excluded.present, seen_at = excluded.seen_at
  returning * into p;
  return chat_private.presence_json(p);
end
$$;

--
-- Name: FUNCTION chat_note_presence(p_chat_id uuid, p_present boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_note_presence(p_chat_id uuid, p_present boolean) IS 'POST /chat-session/presence: the customer page is here (a beat, written at most every 20 s) or leaving; arriving and leaving spend its budget.';

--
-- Name: chat_push_outcome(bigint[], bigint[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_push_outcome(p_delivered bigint[], p_gone bigint[]) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  removed integer;
begin
  update chat_private.push_subscriptions set last_pushed_at = now() where id = any(coalesce(p_delivered, '{}'));
  delete from chat_private.push_subscriptions where id = any(coalesce(p_gone, '{}'));
  get diagnostics removed = row_count;
  return jsonb_build_object('removed', removed);
end
$$;

--
-- Name: FUNCTION chat_push_outcome(p_delivered bigint[], p_gone bigint[]); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_push_outcome(p_delivered bigint[], p_gone bigint[]) IS 'tools.notifier (the scheduled notifier, no route): marks subscriptions pushed to, removes those gone (404, 410).';

--
-- Name: chat_record_notification(bigint, text, boolean, text, boolean, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean DEFAULT false, p_email_later boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  cfg chat_private.notification_settings;
  n chat_private.notifications;
begin
  select * into cfg from chat_private.notification_settings;
  select * into n from chat_private.notifications where id = p_id and state = 'sending' and claimed_by = p_worker
  for update;
  if not found then
    raise sqlstate 'PT409' using message = 'this notification is not claimed by this worker';
  end if;
  if p_sent and p_email_later and n.stage = 'first' then
    update chat_private.notifications
    set state = 'pending', stage = 'email', attempts = 0, last_error = null,
        due_at = now() + make_interval(secs => cfg.email_after_push_seconds)
    where id = p_id returning * into n;
  elsif p_sent then
    update chat_private.notifications set state = 'sent', finished_at = now(), last_error = null where id = p_id
    returning * into n;
  elsif p_permanent or n.attempts >= cfg.max_attempts then
    update chat_private.notifications set state = 'failed', finished_at = now(), last_error = left(p_error, 500)
    where id = p_id returning * into n;
  else
    update chat_private.notifications
    set state = 'pending', due_at = now() + make_interval(secs => 60 * power(2, n.attempts - 1)::integer),
        last_error = left(p_error, 500)
    where id = p_id returning * into n;
  end if;
  return jsonb_build_object('id', n.id, 'state', n.state, 'stage', n.stage, 'attempts', n.attempts);
end
$$;

--
-- Name: FUNCTION chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean) IS 'tools.notifier (the scheduled notifier, no route): records a claimed notification as sent (or pushed, its email later), or failed (retried with backoff, or given up at once when permanent).';

--
-- Name: chat_renew_customer(uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  s public.chat_sessions;
begin
  if p_link is null or p_link !~ '^[0-9a-f]{16}$' then
    raise sqlstate 'PT401' using message = 'this token cannot be renewed: open the chat link again';
  end if;
  perform chat_private.spend_for('renew_per_chat', format('renew:%s', p_chat_id));
  select sessions.* into s
  from public.chat_sessions sessions
  join chat_private.chat_links links on links.chat_id = sessions.id
  where sessions.id = p_chat_id
    and sessions.customer_id = p_customer_id
    and left(encode(links.token_hash, 'hex'), 16) = p_link
    and links.expires_at > now();
  if not found then
    raise sqlstate 'PT401' using message = 'this chat link is invalid, expired or was replaced';
  end if;
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id,
                            'realtime_epoch', chat_private.realtime_epoch());
end
$_$;

--
-- Name: FUNCTION chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) IS 'POST /chat-session/token (customer): a fresh token for the chat while its link is the one joined with; spends the chat''s renewal budget.';

--
-- Name: chat_reopen_session(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_reopen_session(p_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('reopen_per_admin', format('reopen:%s', p_admin_id));
  update public.chat_sessions
  set status = 'open', closed_at = null
  where id = p_id and status = 'closed'
  returning * into s;
  if not found then  -- already open (idempotent), or no such chat
    select * into s from public.chat_sessions where id = p_id;
    if not found then
      raise sqlstate 'PT404' using message = 'chat session not found';
    end if;
  end if;
  return chat_private.session_json(s);
end
$$;

--
-- Name: FUNCTION chat_reopen_session(p_id uuid, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_reopen_session(p_id uuid, p_admin_id text) IS 'POST /chat-session/reopen (admin): reopens a closed session; idempotent.';

--
-- Name: chat_retention_due(integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_retention_due(p_days integer, p_limit integer) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION chat_retention_due(p_days integer, p_limit integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_retention_due(p_days integer, p_limit integer) IS 'tools.notifier (the scheduled job, no route): closed chats past the retention period.';

--
-- Name: chat_rotate_link(uuid, text, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
begin
  perform chat_private.require_admin(p_admin_id);
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

--
-- Name: FUNCTION chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text) IS 'POST /chat-session/rotate-link (admin): a new link hash; the old link stops working.';

--
-- Name: chat_save_push_subscription(text, boolean, uuid, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  kind text := case when p_is_admin then 'admin' else 'customer' end;
  saved chat_private.push_subscriptions;
begin
  if p_is_admin then
    perform chat_private.require_admin(p_caller_id);
  elsif not exists (select 1 from public.chat_sessions s where s.id = p_chat_id and s.customer_id::text = p_caller_id) then
    raise sqlstate 'PT403' using message = 'this chat belongs to someone else';
  end if;
  perform chat_private.spend_for('push_subscription_per_caller', format('push:%s:%s', kind, p_caller_id));
  delete from chat_private.push_subscriptions where endpoint = p_endpoint;
  insert into chat_private.push_subscriptions (subscriber_type, subscriber_id, chat_id, endpoint, p256dh, auth)
  values (kind, p_caller_id, case when p_is_admin then null else p_chat_id end, p_endpoint, p_p256dh, p_auth)
  returning * into saved;
  delete from chat_private.push_subscriptions
  where id in (select id from chat_private.push_subscriptions
               where subscriber_type = kind and subscriber_id = p_caller_id
               order by created_at desc, id desc offset chat_private.max_push_devices());
  return jsonb_build_object('id', saved.id, 'created_at', saved.created_at);
end
$$;

--
-- Name: FUNCTION chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text) IS 'POST /chat-session/push-subscriptions (admin, or a customer for its chat): this browser gets pushes.';

--
-- Name: chat_save_reply(uuid, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  r chat_private.saved_replies;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('save_reply_per_admin', format('save_reply:%s', p_admin_id));
  begin
    if p_id is null then
      insert into chat_private.saved_replies (title, body, updated_by)
      values (btrim(p_title), p_body, p_admin_id::uuid)
      returning * into r;
    else
      update chat_private.saved_replies
      set title = btrim(p_title), body = p_body, updated_by = p_admin_id::uuid, updated_at = now()
      where id = p_id
      returning * into r;
      if not found then
        raise sqlstate 'PT404' using message = 'saved reply not found';
      end if;
    end if;
  exception when unique_violation then
    raise sqlstate 'PT409' using message = 'another saved reply has this title';
  end;
  return chat_private.saved_reply_json(r);
end
$$;

--
-- Name: FUNCTION chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text) IS 'POST /chat-message/replies (admin): a new saved reply, or (with id) a changed one; titles are unique, any case.';

--
-- Name: chat_search_sessions(text, text, text, numeric, uuid, integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_search_sessions(p_query text, p_status text DEFAULT NULL::text, p_assignee text DEFAULT NULL::text, p_after_rank numeric DEFAULT NULL::numeric, p_after_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50, p_caller text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
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

--
-- Name: FUNCTION chat_search_sessions(p_query text, p_status text, p_assignee text, p_after_rank numeric, p_after_id uuid, p_limit integer, p_caller text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_search_sessions(p_query text, p_status text, p_assignee text, p_after_rank numeric, p_after_id uuid, p_limit integer, p_caller text) IS 'GET /chat-session?q=: chats whose messages have its words (ranked, with the best message''s snippet) or whose customer name or email contains q; best first.';

--
-- Name: chat_send_message(uuid, text, text, text, uuid, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid DEFAULT NULL::uuid, p_attachments jsonb DEFAULT '[]'::jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  m public.chat_messages;
  author text;
  preview text;
begin
  if p_sender_type = 'admin' then
    perform chat_private.require_admin(p_sender_id);
    select a.display_name into author from public.chat_admins a where a.user_id = p_sender_id::uuid;
  end if;
  select * into s from public.chat_sessions where id = p_chat_id for update;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;

  if p_client_msg_id is not null then
    select * into m from public.chat_messages where chat_id = p_chat_id and client_msg_id = p_client_msg_id;
    if found then
      if m.content is distinct from p_content or m.sender_type is distinct from p_sender_type
         or m.sender_id is distinct from p_sender_id
         or (select coalesce(jsonb_agg(a -> 'id'), '[]') from jsonb_array_elements(m.attachments) a)
            is distinct from
            (select coalesce(jsonb_agg(a -> 'id'), '[]') from jsonb_array_elements(coalesce(p_attachments, '[]')) a) then
        raise sqlstate 'PT409' using message = 'client_msg_id was already used for a different message',
          hint = 'client_msg_id_reused';
      end if;
      return jsonb_build_object('message', chat_private.message_json(m), 'created', false);
    end if;
  end if;

  if s.status <> 'open' then
    raise sqlstate 'PT409' using message = 'chat session is closed', hint = 'chat_closed';
  end if;

  insert into public.chat_messages
    (chat_id, sender_type, sender_id, sender_name, content, seq, client_msg_id, attachments)
  values
    (p_chat_id, p_sender_type, p_sender_id, author, p_content, s.last_seq + 1, p_client_msg_id,
     coalesce(p_attachments, '[]'))
  returning * into m;

  -- An attachments-only message is previewed by its files' names.
  preview := coalesce(nullif(left(m.content, 140), ''),
                      (select '📎 ' || string_agg(a ->> 'name', ', ') from jsonb_array_elements(m.attachments) a));
  update public.chat_sessions
  set last_seq = m.seq, last_message_at = m.created_at, last_message_preview = left(preview, 140)
  where id = p_chat_id;

  -- Whoever writes has read everything before: the sender's cursor moves to its message.
  insert into public.chat_read_cursors as c (chat_id, reader_type, reader_id, seq)
  values (p_chat_id, p_sender_type, p_sender_id, m.seq)
  on conflict (chat_id, reader_type, reader_id) do update set seq = excluded.seq, updated_at = now()
    where c.seq < excluded.seq;

  return jsonb_build_object('message', chat_private.message_json(m), 'created', true);
end
$$;

--
-- Name: FUNCTION chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb) IS 'POST /chat-message: stores a message (text, attachments the API has checked, or both), idempotent by client_msg_id.';

--
-- Name: chat_set_admin_preferences(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('preferences_per_admin', format('preferences:%s', p_admin_id));
  if p_email_notifications is null or p_email_notifications not in ('all', 'assigned', 'off') then
    raise sqlstate 'PT400' using message = 'email_notifications is all, assigned or off';
  end if;
  update public.chat_admins set email_notifications = p_email_notifications where user_id = p_admin_id::uuid;
  return public.chat_admin_profile(p_admin_id);
end
$$;

--
-- Name: FUNCTION chat_set_admin_preferences(p_admin_id text, p_email_notifications text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) IS 'PATCH /chat-session/me (admin): the calling admin''s choice of unread-message emails.';

--
-- Name: chat_suppress_email(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_suppress_email(p_email text, p_reason text, p_detail text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
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
$_$;

--
-- Name: FUNCTION chat_suppress_email(p_email text, p_reason text, p_detail text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_suppress_email(p_email text, p_reason text, p_detail text) IS 'tools.notifier (SES bounce and complaint events, no route): never email this address again.';

--
-- Name: chat_transcript_messages(uuid, bigint, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  rows jsonb;
begin
  if p_as_admin then
    perform chat_private.require_admin(p_caller);
  end if;
  if p_after_seq is null or p_after_seq < 0 then
    raise sqlstate 'PT400' using message = 'after_seq must be 0 or more';
  end if;
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if p_after_seq = 0 then
    perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
    perform chat_private.spend_for('transcript_per_caller', format('transcript:%s', p_caller));
  end if;
  select coalesce(jsonb_agg(chat_private.message_json(page) order by page.seq), '[]') into rows
  from (
    select * from public.chat_messages m
    where m.chat_id = p_chat_id and m.seq > p_after_seq
    order by m.seq
    limit 2001
  ) page;
  return chat_private.page_within_budget('messages', rows, 2000);
end
$$;

--
-- Name: FUNCTION chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean) IS 'GET /chat-message/transcript (admin, or the chat''s customer): the chat''s messages after p_after_seq, 2,000 at a time.';

--
-- Name: chat_update_admin(text, uuid, text, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  a public.chat_admins;
  was_active boolean;
  u auth.users;
  new_name text := btrim(p_display_name);
begin
  -- the lock first: the caller is checked as an owner after any change that could demote it
  perform pg_advisory_xact_lock(hashtext('chat_private.team_owners'));
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('team_update_per_owner', format('team_update:%s', p_admin_id));
  if p_display_name is not null and char_length(new_name) not between 1 and 100 then
    raise sqlstate 'PT400' using message = 'display_name must be 1 to 100 characters';
  end if;
  if p_role is not null and p_role not in ('owner', 'agent') then
    raise sqlstate 'PT400' using message = 'role must be owner or agent';
  end if;
  select * into a from public.chat_admins where user_id = p_user_id for update;
  if not found then
    raise sqlstate 'PT404' using message = 'no admin has this user_id';
  end if;
  was_active := a.deactivated_at is null;
  if a.role = 'owner' and a.deactivated_at is null
     and (p_role = 'agent' or p_active is false)
     and not exists (select 1 from public.chat_admins o
                     join auth.users ou on ou.id = o.user_id
                     where o.role = 'owner' and o.deactivated_at is null and o.user_id <> a.user_id
                       and ou.last_sign_in_at is not null) then
    raise sqlstate 'PT409' using
      message = 'the team needs an owner who has signed in: make someone else an owner, and wait for them to sign in, first',
      hint = 'last_owner';
  end if;
  if p_active and a.deactivated_at is not null then
    perform chat_private.require_team_room();
  end if;
  update public.chat_admins set
    display_name = coalesce(new_name, display_name),
    role = coalesce(p_role, role),
    deactivated_at = case when p_active is null then deactivated_at
                          when p_active then null
                          else coalesce(deactivated_at, now()) end,
    online = online and coalesce(p_active, true)
  where user_id = p_user_id
  returning * into a;
  -- What the dashboards and customers show follows at once (and live: chat_sessions is published).
  if p_active is false and was_active then
    -- every page moves to new Realtime rooms, which the deactivated admin cannot join
    update public.chat_realtime_epoch set epoch = epoch + 1, changed_at = now();
  end if;
  if p_active is false then
    update public.chat_sessions set assignee_id = null, assignee_name = null
    where assignee_id = p_user_id and status = 'open';
  elsif p_display_name is not null then
    update public.chat_sessions set assignee_name = a.display_name
    where assignee_id = p_user_id and assignee_name is distinct from a.display_name;
  end if;
  select * into u from auth.users where id = p_user_id;
  return chat_private.member_json(a, u);
end
$$;

--
-- Name: FUNCTION chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) IS 'PATCH /chat-session/team (owner): renames, changes the role of, deactivates or reactivates an admin.';

--
-- Name: admin_invites; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.admin_invites (
    email text NOT NULL,
    display_name text NOT NULL,
    role text NOT NULL,
    invited_by uuid,
    invited_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT admin_invites_display_name_check CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 100))),
    CONSTRAINT admin_invites_email_check CHECK (((email = lower(email)) AND ((char_length(email) >= 3) AND (char_length(email) <= 254)))),
    CONSTRAINT admin_invites_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'agent'::text])))
);

--
-- Name: chat_links; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.chat_links (
    chat_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chat_links_token_hash_check CHECK ((octet_length(token_hash) = 32))
);

--
-- Name: customer_email_optouts; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.customer_email_optouts (
    chat_id uuid NOT NULL,
    opted_out_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: email_suppressions; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.email_suppressions (
    reason text NOT NULL,
    detail text,
    suppressed_at timestamp with time zone DEFAULT now() NOT NULL,
    email_sha256 bytea NOT NULL,
    CONSTRAINT email_suppressions_detail_check CHECK ((char_length(detail) <= 500)),
    CONSTRAINT email_suppressions_reason_check CHECK ((reason = ANY (ARRAY['bounce'::text, 'complaint'::text])))
);

--
-- Name: erasures; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.erasures (
    id bigint NOT NULL,
    erased_at timestamp with time zone DEFAULT now() NOT NULL,
    erased_by text NOT NULL,
    reason text NOT NULL,
    subject_sha256 text,
    chats integer NOT NULL,
    messages integer NOT NULL,
    notes integer NOT NULL,
    objects integer NOT NULL,
    CONSTRAINT erasures_chats_check CHECK ((chats >= 0)),
    CONSTRAINT erasures_erased_by_check CHECK (((char_length(erased_by) >= 1) AND (char_length(erased_by) <= 100))),
    CONSTRAINT erasures_messages_check CHECK ((messages >= 0)),
    CONSTRAINT erasures_notes_check CHECK ((notes >= 0)),
    CONSTRAINT erasures_objects_check CHECK ((objects >= 0)),
    CONSTRAINT erasures_reason_check CHECK ((reason = ANY (ARRAY['customer_request'::text, 'retention'::text]))),
    CONSTRAINT erasures_subject_sha256_check CHECK ((subject_sha256 ~ '^[0-9a-f]{64}$'::text))
);

--
-- Name: erasures_id_seq; Type: SEQUENCE; Schema: chat_private; Owner: -
--

CREATE SEQUENCE chat_private.erasures_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: erasures_id_seq; Type: SEQUENCE OWNED BY; Schema: chat_private; Owner: -
--

ALTER SEQUENCE chat_private.erasures_id_seq OWNED BY chat_private.erasures.id;

--
-- Name: export_files; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.export_files (
    chat_id uuid NOT NULL,
    key text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT export_files_key_check CHECK ((key ~ '^exports/[a-z]+/[0-9a-f-]{36}\.[a-z]+$'::text))
);

--
-- Name: TABLE export_files; Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON TABLE chat_private.export_files IS 'Which chats each export file in S3 holds (exports/bulk/, exports/customers/), so erasing a chat deletes the files that hold it.';

--
-- Name: notification_settings; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.notification_settings (
    singleton boolean DEFAULT true NOT NULL,
    delay_seconds integer NOT NULL,
    max_attempts integer NOT NULL,
    claim_timeout_seconds integer NOT NULL,
    email_after_push_seconds integer DEFAULT 600 NOT NULL,
    CONSTRAINT notification_settings_claim_timeout_seconds_check CHECK (((claim_timeout_seconds >= 30) AND (claim_timeout_seconds <= 3600))),
    CONSTRAINT notification_settings_delay_seconds_check CHECK (((delay_seconds >= 0) AND (delay_seconds <= 86400))),
    CONSTRAINT notification_settings_email_after_push_seconds_check CHECK (((email_after_push_seconds >= 60) AND (email_after_push_seconds <= 86400))),
    CONSTRAINT notification_settings_max_attempts_check CHECK (((max_attempts >= 1) AND (max_attempts <= 20))),
    CONSTRAINT notification_settings_singleton_check CHECK (singleton)
);

--
-- Name: notifications_id_seq; Type: SEQUENCE; Schema: chat_private; Owner: -
--

CREATE SEQUENCE chat_private.notifications_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: notifications_id_seq; Type: SEQUENCE OWNED BY; Schema: chat_private; Owner: -
--

ALTER SEQUENCE chat_private.notifications_id_seq OWNED BY chat_private.notifications.id;

--
-- Name: push_subscriptions; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.push_subscriptions (
    id bigint NOT NULL,
    subscriber_type text NOT NULL,
    subscriber_id text NOT NULL,
    chat_id uuid,
    endpoint text NOT NULL,
    p256dh text NOT NULL,
    auth text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_pushed_at timestamp with time zone,
    CONSTRAINT push_subscriptions_auth_check CHECK ((auth ~ '^[A-Za-z0-9_-]{16,30}$'::text)),
    CONSTRAINT push_subscriptions_check CHECK (((subscriber_type = 'customer'::text) = (chat_id IS NOT NULL))),
    CONSTRAINT push_subscriptions_endpoint_check CHECK (((char_length(endpoint) >= 10) AND (char_length(endpoint) <= 1000))),
    CONSTRAINT push_subscriptions_p256dh_check CHECK ((p256dh ~ '^[A-Za-z0-9_-]{80,100}$'::text)),
    CONSTRAINT push_subscriptions_subscriber_id_check CHECK (((char_length(subscriber_id) >= 1) AND (char_length(subscriber_id) <= 100))),
    CONSTRAINT push_subscriptions_subscriber_type_check CHECK ((subscriber_type = ANY (ARRAY['admin'::text, 'customer'::text])))
);

--
-- Name: push_subscriptions_id_seq; Type: SEQUENCE; Schema: chat_private; Owner: -
--

CREATE SEQUENCE chat_private.push_subscriptions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: push_subscriptions_id_seq; Type: SEQUENCE OWNED BY; Schema: chat_private; Owner: -
--

ALTER SEQUENCE chat_private.push_subscriptions_id_seq OWNED BY chat_private.push_subscriptions.id;

--
-- Name: rate_events; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.rate_events (
    bucket text NOT NULL,
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

--
-- Name: rate_limits; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.rate_limits (
    action text NOT NULL,
    max_events integer NOT NULL,
    per_seconds integer NOT NULL,
    CONSTRAINT rate_limits_max_events_check CHECK ((max_events > 0)),
    CONSTRAINT rate_limits_per_seconds_check CHECK ((per_seconds > 0))
);

--
-- Name: send_rate_limit; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.send_rate_limit (
    singleton boolean DEFAULT true NOT NULL,
    max_messages integer NOT NULL,
    per_seconds integer NOT NULL,
    CONSTRAINT send_rate_limit_max_messages_check CHECK ((max_messages > 0)),
    CONSTRAINT send_rate_limit_per_seconds_check CHECK ((per_seconds > 0)),
    CONSTRAINT send_rate_limit_singleton_check CHECK (singleton)
);

--
-- Name: chat_read_cursors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_read_cursors (
    chat_id uuid NOT NULL,
    reader_type text NOT NULL,
    reader_id text NOT NULL,
    seq bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chat_read_cursors_reader_id_check CHECK (((char_length(reader_id) >= 1) AND (char_length(reader_id) <= 100))),
    CONSTRAINT chat_read_cursors_reader_type_check CHECK ((reader_type = ANY (ARRAY['admin'::text, 'customer'::text]))),
    CONSTRAINT chat_read_cursors_seq_check CHECK ((seq >= 0))
);

--
-- Name: chat_realtime_epoch; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_realtime_epoch (
    singleton boolean DEFAULT true NOT NULL,
    epoch bigint DEFAULT 1 NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chat_realtime_epoch_singleton_check CHECK (singleton)
);

--
-- Name: TABLE chat_realtime_epoch; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.chat_realtime_epoch IS 'The epoch in the names of the Realtime rooms with broadcast and presence (support@<epoch>); a deactivation moves it on.';

--
-- Name: erasures id; Type: DEFAULT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.erasures ALTER COLUMN id SET DEFAULT nextval('chat_private.erasures_id_seq'::regclass);

--
-- Name: notifications id; Type: DEFAULT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.notifications ALTER COLUMN id SET DEFAULT nextval('chat_private.notifications_id_seq'::regclass);

--
-- Name: push_subscriptions id; Type: DEFAULT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.push_subscriptions ALTER COLUMN id SET DEFAULT nextval('chat_private.push_subscriptions_id_seq'::regclass);

--
-- Name: admin_invites admin_invites_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.admin_invites
    ADD CONSTRAINT admin_invites_pkey PRIMARY KEY (email);

--
-- Name: chat_links chat_links_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.chat_links
    ADD CONSTRAINT chat_links_pkey PRIMARY KEY (chat_id);

--
-- Name: customer_email_optouts customer_email_optouts_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.customer_email_optouts
    ADD CONSTRAINT customer_email_optouts_pkey PRIMARY KEY (chat_id);

--
-- Name: email_suppressions email_suppressions_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.email_suppressions
    ADD CONSTRAINT email_suppressions_pkey PRIMARY KEY (email_sha256);

--
-- Name: erasures erasures_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.erasures
    ADD CONSTRAINT erasures_pkey PRIMARY KEY (id);

--
-- Name: export_files export_files_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.export_files
    ADD CONSTRAINT export_files_pkey PRIMARY KEY (chat_id, key);

--
-- Name: notification_settings notification_settings_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.notification_settings
    ADD CONSTRAINT notification_settings_pkey PRIMARY KEY (singleton);

--
-- Name: notifications notifications_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.notifications
    ADD CONSTRAINT notifications_pkey PRIMARY KEY (id);

--
-- Name: push_subscriptions push_subscriptions_endpoint_key; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.push_subscriptions
    ADD CONSTRAINT push_subscriptions_endpoint_key UNIQUE (endpoint);

--
-- Name: push_subscriptions push_subscriptions_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.push_subscriptions
    ADD CONSTRAINT push_subscriptions_pkey PRIMARY KEY (id);

--
-- Name: rate_limits rate_limits_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.rate_limits
    ADD CONSTRAINT rate_limits_pkey PRIMARY KEY (action);

--
-- Name: saved_replies saved_replies_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.saved_replies
    ADD CONSTRAINT saved_replies_pkey PRIMARY KEY (id);

--
-- Name: send_rate_limit send_rate_limit_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.send_rate_limit
    ADD CONSTRAINT send_rate_limit_pkey PRIMARY KEY (singleton);

--
-- Name: chat_admins chat_admins_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_admins
    ADD CONSTRAINT chat_admins_pkey PRIMARY KEY (user_id);

--
-- Name: chat_messages chat_messages_chat_client_msg_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_chat_client_msg_id_key UNIQUE (chat_id, client_msg_id);

--
-- Name: chat_messages chat_messages_chat_seq_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_chat_seq_key UNIQUE (chat_id, seq);

--
-- Name: chat_messages chat_messages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_pkey PRIMARY KEY (id);

--
-- Name: chat_notes chat_notes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_notes
    ADD CONSTRAINT chat_notes_pkey PRIMARY KEY (id);

--
-- Name: chat_presence chat_presence_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_presence
    ADD CONSTRAINT chat_presence_pkey PRIMARY KEY (chat_id);

--
-- Name: chat_read_cursors chat_read_cursors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_read_cursors
    ADD CONSTRAINT chat_read_cursors_pkey PRIMARY KEY (chat_id, reader_type, reader_id);

--
-- Name: chat_realtime_epoch chat_realtime_epoch_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_realtime_epoch
    ADD CONSTRAINT chat_realtime_epoch_pkey PRIMARY KEY (singleton);

--
-- Name: chat_sessions chat_sessions_closed_at_check; Type: CHECK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE public.chat_sessions
    ADD CONSTRAINT chat_sessions_closed_at_check CHECK (((status = 'closed'::text) = (closed_at IS NOT NULL))) NOT VALID;

--
-- Name: chat_sessions chat_sessions_customer_check; Type: CHECK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE public.chat_sessions
    ADD CONSTRAINT chat_sessions_customer_check CHECK ((COALESCE(customer_name, customer_email) IS NOT NULL)) NOT VALID;

--
-- Name: chat_sessions chat_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_sessions
    ADD CONSTRAINT chat_sessions_pkey PRIMARY KEY (id);

--
-- Name: export_files_created; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX export_files_created ON chat_private.export_files USING btree (created_at);

--
-- Name: notifications_due; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX notifications_due ON chat_private.notifications USING btree (due_at) WHERE (state = ANY (ARRAY['pending'::text, 'sending'::text]));

--
-- Name: notifications_open_window; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE UNIQUE INDEX notifications_open_window ON chat_private.notifications USING btree (chat_id, recipient_type, recipient_id, kind) WHERE (state = ANY (ARRAY['pending'::text, 'sending'::text]));

--
-- Name: push_subscriptions_chat; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX push_subscriptions_chat ON chat_private.push_subscriptions USING btree (chat_id) WHERE (chat_id IS NOT NULL);

--
-- Name: push_subscriptions_subscriber; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX push_subscriptions_subscriber ON chat_private.push_subscriptions USING btree (subscriber_type, subscriber_id);

--
-- Name: rate_events_at_idx; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX rate_events_at_idx ON chat_private.rate_events USING btree (at);

--
-- Name: rate_events_bucket_at_idx; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX rate_events_bucket_at_idx ON chat_private.rate_events USING btree (bucket, at);

--
-- Name: saved_replies_title; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE UNIQUE INDEX saved_replies_title ON chat_private.saved_replies USING btree (lower(title));

--
-- Name: saved_replies_title_id; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX saved_replies_title_id ON chat_private.saved_replies USING btree (lower(title), id);

--
-- Name: chat_messages_content_words; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_messages_content_words ON public.chat_messages USING gin (to_tsvector('simple'::regconfig, content));

--
-- Name: chat_notes_chat_created_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_notes_chat_created_id ON public.chat_notes USING btree (chat_id, created_at DESC, id DESC);

--
-- Name: chat_sessions_activity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_activity_idx ON public.chat_sessions USING btree (last_activity_at DESC, id DESC);

--
-- Name: chat_sessions_assignee_activity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_assignee_activity ON public.chat_sessions USING btree (assignee_id, last_activity_at DESC, id DESC);

--
-- Name: chat_sessions_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_created ON public.chat_sessions USING btree (created_at, id);

--
-- Name: chat_sessions_customer_email_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_customer_email_trgm ON public.chat_sessions USING gin (customer_email extensions.gin_trgm_ops);

--
-- Name: chat_sessions_customer_name_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_customer_name_trgm ON public.chat_sessions USING gin (customer_name extensions.gin_trgm_ops);

--
-- Name: chat_sessions_status_activity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_status_activity_idx ON public.chat_sessions USING btree (status, last_activity_at DESC, id DESC);

--
-- Name: chat_messages chat_messages_open_notification_windows; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_messages_open_notification_windows AFTER INSERT ON public.chat_messages FOR EACH ROW EXECUTE FUNCTION chat_private.open_notification_windows();

--
-- Name: chat_messages chat_messages_send_rate_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_messages_send_rate_limit BEFORE INSERT ON public.chat_messages FOR EACH ROW EXECUTE FUNCTION chat_private.enforce_send_rate_limit();

--
-- Name: chat_sessions chat_sessions_queue_transcript_email; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_sessions_queue_transcript_email AFTER UPDATE OF status ON public.chat_sessions FOR EACH ROW EXECUTE FUNCTION chat_private.queue_transcript_email();

--
-- Name: chat_sessions chat_sessions_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_sessions_touch_updated_at BEFORE UPDATE ON public.chat_sessions FOR EACH ROW EXECUTE FUNCTION chat_private.touch_updated_at();

--
-- Name: admin_invites admin_invites_invited_by_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.admin_invites
    ADD CONSTRAINT admin_invites_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES public.chat_admins(user_id);

--
-- Name: chat_links chat_links_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.chat_links
    ADD CONSTRAINT chat_links_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: customer_email_optouts customer_email_optouts_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.customer_email_optouts
    ADD CONSTRAINT customer_email_optouts_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id) ON DELETE CASCADE;

--
-- Name: export_files export_files_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.export_files
    ADD CONSTRAINT export_files_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id) ON DELETE CASCADE;

--
-- Name: notifications notifications_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.notifications
    ADD CONSTRAINT notifications_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: push_subscriptions push_subscriptions_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.push_subscriptions
    ADD CONSTRAINT push_subscriptions_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id) ON DELETE CASCADE;

--
-- Name: saved_replies saved_replies_updated_by_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.saved_replies
    ADD CONSTRAINT saved_replies_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.chat_admins(user_id);

--
-- Name: chat_admins chat_admins_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_admins
    ADD CONSTRAINT chat_admins_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

--
-- Name: chat_messages chat_messages_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: chat_notes chat_notes_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_notes
    ADD CONSTRAINT chat_notes_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.chat_admins(user_id);

--
-- Name: chat_notes chat_notes_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_notes
    ADD CONSTRAINT chat_notes_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: chat_presence chat_presence_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_presence
    ADD CONSTRAINT chat_presence_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: chat_read_cursors chat_read_cursors_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_read_cursors
    ADD CONSTRAINT chat_read_cursors_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: chat_sessions chat_sessions_assignee_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_sessions
    ADD CONSTRAINT chat_sessions_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES public.chat_admins(user_id);

--
-- Name: export_files; Type: ROW SECURITY; Schema: chat_private; Owner: -
--

ALTER TABLE chat_private.export_files ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_admins; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_admins ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_messages; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_messages ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_messages chat_messages_read_own_chat_or_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_messages_read_own_chat_or_admin ON public.chat_messages FOR SELECT TO authenticated USING ((((chat_id)::text = ( SELECT (auth.jwt() ->> 'chat_id'::text))) OR ( SELECT chat_private.is_chat_admin() AS is_chat_admin)));

--
-- Name: chat_notes; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_notes ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_notes chat_notes_read_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_notes_read_admin ON public.chat_notes FOR SELECT TO authenticated USING (( SELECT chat_private.is_chat_admin() AS is_chat_admin));

--
-- Name: chat_presence; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_presence ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_presence chat_presence_read_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_presence_read_admin ON public.chat_presence FOR SELECT TO authenticated USING (( SELECT chat_private.is_chat_admin() AS is_chat_admin));

--
-- Name: chat_read_cursors; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_read_cursors ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_read_cursors chat_read_cursors_read_own_chat_or_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_read_cursors_read_own_chat_or_admin ON public.chat_read_cursors FOR SELECT TO authenticated USING ((((chat_id)::text = ( SELECT (auth.jwt() ->> 'chat_id'::text))) OR ( SELECT chat_private.is_chat_admin() AS is_chat_admin)));

--
-- Name: chat_realtime_epoch; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_realtime_epoch ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_realtime_epoch chat_realtime_epoch_read_customer_or_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_realtime_epoch_read_customer_or_admin ON public.chat_realtime_epoch FOR SELECT TO authenticated USING (((( SELECT (auth.jwt() ->> 'chat_id'::text)) IS NOT NULL) OR ( SELECT chat_private.is_chat_admin() AS is_chat_admin)));

--
-- Name: chat_sessions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_sessions chat_sessions_read_own_chat_or_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_sessions_read_own_chat_or_admin ON public.chat_sessions FOR SELECT TO authenticated USING ((((id)::text = ( SELECT (auth.jwt() ->> 'chat_id'::text))) OR ( SELECT chat_private.is_chat_admin() AS is_chat_admin)));

--
-- Name: SCHEMA chat_private; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA chat_private TO authenticated;

--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA public TO postgres;
GRANT USAGE ON SCHEMA public TO anon;
GRANT USAGE ON SCHEMA public TO authenticated;
GRANT USAGE ON SCHEMA public TO service_role;

--
-- Name: TABLE chat_sessions; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_sessions TO authenticated;

--
-- Name: COLUMN chat_sessions.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.chat_sessions TO anon;

--
-- Name: FUNCTION admin_routed(a public.chat_admins, s public.chat_sessions); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.admin_routed(a public.chat_admins, s public.chat_sessions) FROM PUBLIC;

--
-- Name: FUNCTION admin_wants_email(a public.chat_admins, s public.chat_sessions); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.admin_wants_email(a public.chat_admins, s public.chat_sessions) FROM PUBLIC;

--
-- Name: FUNCTION admit_invited_user(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.admit_invited_user() FROM PUBLIC;

--
-- Name: FUNCTION assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.assigned_as_asked(s public.chat_sessions, p_assignee text, p_caller text) FROM PUBLIC;

--
-- Name: FUNCTION email_sha256(address text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.email_sha256(address text) FROM PUBLIC;

--
-- Name: FUNCTION enforce_send_rate_limit(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.enforce_send_rate_limit() FROM PUBLIC;

--
-- Name: FUNCTION erase_chats(p_chat_ids uuid[]); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.erase_chats(p_chat_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION invite(p_email text, p_display_name text, p_role text, p_invited_by uuid); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.invite(p_email text, p_display_name text, p_role text, p_invited_by uuid) FROM PUBLIC;

--
-- Name: FUNCTION is_chat_admin(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.is_chat_admin() FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.is_chat_admin() TO authenticated;

--
-- Name: FUNCTION is_email(address text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.is_email(address text) FROM PUBLIC;

--
-- Name: FUNCTION max_push_devices(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.max_push_devices() FROM PUBLIC;

--
-- Name: FUNCTION max_team_size(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.max_team_size() FROM PUBLIC;

--
-- Name: FUNCTION may_use_topic(topic text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.may_use_topic(topic text) FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.may_use_topic(topic text) TO authenticated;

--
-- Name: FUNCTION may_write_topic(topic text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.may_write_topic(topic text) FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.may_write_topic(topic text) TO authenticated;

--
-- Name: FUNCTION member_json(a public.chat_admins, u auth.users); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.member_json(a public.chat_admins, u auth.users) FROM PUBLIC;

--
-- Name: TABLE chat_messages; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_messages TO authenticated;

--
-- Name: COLUMN chat_messages.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.chat_messages TO anon;

--
-- Name: FUNCTION message_json(m public.chat_messages); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.message_json(m public.chat_messages) FROM PUBLIC;

--
-- Name: FUNCTION next_assignee(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.next_assignee() FROM PUBLIC;

--
-- Name: FUNCTION no_upper_seq(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.no_upper_seq() FROM PUBLIC;

--
-- Name: TABLE chat_notes; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_notes TO authenticated;

--
-- Name: COLUMN chat_notes.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.chat_notes TO anon;

--
-- Name: FUNCTION note_json(n public.chat_notes); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.note_json(n public.chat_notes) FROM PUBLIC;

--
-- Name: FUNCTION notification_digest(n chat_private.notifications); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.notification_digest(n chat_private.notifications) FROM PUBLIC;

--
-- Name: FUNCTION notification_recipient(n chat_private.notifications, s public.chat_sessions, OUT recipient jsonb, OUT skipped_because text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.notification_recipient(n chat_private.notifications, s public.chat_sessions, OUT recipient jsonb, OUT skipped_because text) FROM PUBLIC;

--
-- Name: FUNCTION open_notification_windows(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.open_notification_windows() FROM PUBLIC;

--
-- Name: FUNCTION others_read(p_chat_id uuid, p_reader_is_admin boolean); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.others_read(p_chat_id uuid, p_reader_is_admin boolean) FROM PUBLIC;

--
-- Name: FUNCTION page_limit(requested integer); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.page_limit(requested integer) FROM PUBLIC;

--
-- Name: FUNCTION page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.page_within_budget(key text, fetched jsonb, page_size integer, reversed boolean) FROM PUBLIC;

--
-- Name: TABLE chat_presence; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_presence TO authenticated;

--
-- Name: COLUMN chat_presence.chat_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(chat_id) ON TABLE public.chat_presence TO anon;

--
-- Name: FUNCTION presence_json(p public.chat_presence); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.presence_json(p public.chat_presence) FROM PUBLIC;

--
-- Name: FUNCTION push_targets(n chat_private.notifications); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.push_targets(n chat_private.notifications) FROM PUBLIC;

--
-- Name: FUNCTION queue_transcript_email(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.queue_transcript_email() FROM PUBLIC;

--
-- Name: FUNCTION realtime_epoch(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.realtime_epoch() FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.realtime_epoch() TO authenticated;

--
-- Name: FUNCTION record_export(p_key text, p_chat_ids uuid[]); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.record_export(p_key text, p_chat_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION require_admin(p_user_id text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.require_admin(p_user_id text) FROM PUBLIC;

--
-- Name: FUNCTION require_owner(p_user_id text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.require_owner(p_user_id text) FROM PUBLIC;

--
-- Name: FUNCTION require_team_room(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.require_team_room() FROM PUBLIC;

--
-- Name: FUNCTION saved_reply_json(r chat_private.saved_replies); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.saved_reply_json(r chat_private.saved_replies) FROM PUBLIC;

--
-- Name: FUNCTION search_candidates(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.search_candidates() FROM PUBLIC;

--
-- Name: FUNCTION search_snippet(content text, words tsquery); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.search_snippet(content text, words tsquery) FROM PUBLIC;

--
-- Name: FUNCTION search_words(p_query text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.search_words(p_query text) FROM PUBLIC;

--
-- Name: FUNCTION session_for_admin(s public.chat_sessions, p_admin_id text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.session_for_admin(s public.chat_sessions, p_admin_id text) FROM PUBLIC;

--
-- Name: FUNCTION session_json(s public.chat_sessions); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.session_json(s public.chat_sessions) FROM PUBLIC;

--
-- Name: FUNCTION spend(bucket text, max_events integer, per_seconds integer, record boolean); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.spend(bucket text, max_events integer, per_seconds integer, record boolean) FROM PUBLIC;

--
-- Name: FUNCTION spend_for(action text, bucket text, record boolean); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.spend_for(action text, bucket text, record boolean) FROM PUBLIC;

--
-- Name: FUNCTION topic_room(topic text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.topic_room(topic text) FROM PUBLIC;
GRANT ALL ON FUNCTION chat_private.topic_room(topic text) TO authenticated;

--
-- Name: FUNCTION touch_updated_at(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.touch_updated_at() FROM PUBLIC;

--
-- Name: FUNCTION unread(p_chat_id uuid, p_admin_id text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.unread(p_chat_id uuid, p_admin_id text) FROM PUBLIC;

--
-- Name: FUNCTION valid_email(p_email text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.valid_email(p_email text) FROM PUBLIC;

--
-- Name: FUNCTION chat_add_note(p_chat_id uuid, p_body text, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_add_note(p_chat_id uuid, p_body text, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_add_note(p_chat_id uuid, p_body text, p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_admin_online(p_admin_id text, p_online boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_admin_online(p_admin_id text, p_online boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_admin_online(p_admin_id text, p_online boolean) TO service_role;

--
-- Name: FUNCTION chat_admin_profile(p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_admin_profile(p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_admin_profile(p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_authorize_upload(p_chat_id uuid, p_caller text, p_as_admin boolean) TO service_role;

--
-- Name: FUNCTION chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_claim_notifications(p_worker text, p_limit integer, p_transcripts boolean) TO service_role;

--
-- Name: FUNCTION chat_close_session(p_id uuid, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_close_session(p_id uuid, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_close_session(p_id uuid, p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean) TO service_role;

--
-- Name: FUNCTION chat_current_link(p_chat_id uuid, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_current_link(p_chat_id uuid, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_current_link(p_chat_id uuid, p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_customer_chats(p_email text, p_caller text, p_export_key text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_customer_chats(p_email text, p_caller text, p_export_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_customer_chats(p_email text, p_caller text, p_export_key text) TO service_role;

--
-- Name: FUNCTION chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_delete_push_subscription(p_caller_id text, p_is_admin boolean, p_endpoint text) TO service_role;

--
-- Name: FUNCTION chat_delete_reply(p_id uuid, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_delete_reply(p_id uuid, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_delete_reply(p_id uuid, p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean) TO service_role;

--
-- Name: FUNCTION chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text) TO service_role;

--
-- Name: FUNCTION chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_erase_expired(p_chat_ids uuid[], p_days integer, p_objects integer) TO service_role;

--
-- Name: FUNCTION chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_export_chats(p_from timestamp with time zone, p_to timestamp with time zone, p_after_created_at timestamp with time zone, p_after_id uuid, p_caller text, p_export_key text) TO service_role;

--
-- Name: FUNCTION chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_export_messages(p_chat_ids uuid[], p_after_chat integer, p_after_seq bigint, p_caller text) TO service_role;

--
-- Name: FUNCTION chat_forget_export(p_export_key text, p_caller text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_forget_export(p_export_key text, p_caller text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_forget_export(p_export_key text, p_caller text) TO service_role;

--
-- Name: FUNCTION chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_get_attachment(p_chat_id uuid, p_attachment_id uuid, p_caller text, p_as_admin boolean) TO service_role;

--
-- Name: FUNCTION chat_get_session(p_id uuid, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_get_session(p_id uuid, p_caller text, p_as_admin boolean) TO service_role;

--
-- Name: FUNCTION chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_invite_admin(p_admin_id text, p_email text, p_display_name text, p_role text) TO service_role;

--
-- Name: FUNCTION chat_invite_first_owner(p_email text, p_display_name text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_invite_first_owner(p_email text, p_display_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_invite_first_owner(p_email text, p_display_name text) TO service_role;

--
-- Name: FUNCTION chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text) TO service_role;

--
-- Name: FUNCTION chat_list_admins(p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_admins(p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_admins(p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_messages(p_chat_id uuid, p_after_seq bigint, p_before_seq bigint, p_limit integer, p_caller text, p_as_admin boolean) TO service_role;

--
-- Name: FUNCTION chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer) TO service_role;

--
-- Name: FUNCTION chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer) TO service_role;

--
-- Name: FUNCTION chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text) TO service_role;

--
-- Name: FUNCTION chat_list_team(p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_team(p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_team(p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_mark_read(p_chat_id uuid, p_reader_type text, p_reader_id text, p_seq bigint) TO service_role;

--
-- Name: FUNCTION chat_note_presence(p_chat_id uuid, p_present boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_note_presence(p_chat_id uuid, p_present boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_note_presence(p_chat_id uuid, p_present boolean) TO service_role;

--
-- Name: FUNCTION chat_push_outcome(p_delivered bigint[], p_gone bigint[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_push_outcome(p_delivered bigint[], p_gone bigint[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_push_outcome(p_delivered bigint[], p_gone bigint[]) TO service_role;

--
-- Name: FUNCTION chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_record_notification(p_id bigint, p_worker text, p_sent boolean, p_error text, p_permanent boolean, p_email_later boolean) TO service_role;

--
-- Name: FUNCTION chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) TO service_role;

--
-- Name: FUNCTION chat_reopen_session(p_id uuid, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_reopen_session(p_id uuid, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_reopen_session(p_id uuid, p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_retention_due(p_days integer, p_limit integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_retention_due(p_days integer, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_retention_due(p_days integer, p_limit integer) TO service_role;

--
-- Name: FUNCTION chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_rotate_link(p_chat_id uuid, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_save_push_subscription(p_caller_id text, p_is_admin boolean, p_chat_id uuid, p_endpoint text, p_p256dh text, p_auth text) TO service_role;

--
-- Name: FUNCTION chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text) TO service_role;

--
-- Name: FUNCTION chat_search_sessions(p_query text, p_status text, p_assignee text, p_after_rank numeric, p_after_id uuid, p_limit integer, p_caller text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_search_sessions(p_query text, p_status text, p_assignee text, p_after_rank numeric, p_after_id uuid, p_limit integer, p_caller text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_search_sessions(p_query text, p_status text, p_assignee text, p_after_rank numeric, p_after_id uuid, p_limit integer, p_caller text) TO service_role;

--
-- Name: FUNCTION chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_send_message(p_chat_id uuid, p_sender_type text, p_sender_id text, p_content text, p_client_msg_id uuid, p_attachments jsonb) TO service_role;

--
-- Name: FUNCTION chat_set_admin_preferences(p_admin_id text, p_email_notifications text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_set_admin_preferences(p_admin_id text, p_email_notifications text) TO service_role;

--
-- Name: FUNCTION chat_suppress_email(p_email text, p_reason text, p_detail text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_suppress_email(p_email text, p_reason text, p_detail text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_suppress_email(p_email text, p_reason text, p_detail text) TO service_role;

--
-- Name: FUNCTION chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_transcript_messages(p_chat_id uuid, p_after_seq bigint, p_caller text, p_as_admin boolean) TO service_role;

--
-- Name: FUNCTION chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_update_admin(p_admin_id text, p_user_id uuid, p_display_name text, p_role text, p_active boolean) TO service_role;

--
-- Name: TABLE chat_read_cursors; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_read_cursors TO authenticated;

--
-- Name: COLUMN chat_read_cursors.chat_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(chat_id) ON TABLE public.chat_read_cursors TO anon;

--
-- Name: TABLE chat_realtime_epoch; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_realtime_epoch TO authenticated;

--
-- Name: COLUMN chat_realtime_epoch.singleton; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(singleton) ON TABLE public.chat_realtime_epoch TO anon;

--
-- Name: DEFAULT PRIVILEGES FOR SEQUENCES; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO service_role;

--
-- Name: DEFAULT PRIVILEGES FOR SEQUENCES; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON SEQUENCES TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON SEQUENCES TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON SEQUENCES TO service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres;

--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO service_role;

--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON FUNCTIONS TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON FUNCTIONS TO service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres;

--
-- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO postgres;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO service_role;

--
-- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO postgres;

--
-- PostgreSQL database dump complete
--

--
-- Realtime authorization: our policies on realtime.messages
--
CREATE POLICY "chat_topics_receive" ON realtime.messages AS PERMISSIVE FOR SELECT TO authenticated
  USING (((extension = ANY (ARRAY['broadcast'::text, 'presence'::text])) AND ( SELECT chat_private.may_use_topic(realtime.topic()) AS may_use_topic)));

CREATE POLICY "chat_topics_send" ON realtime.messages AS PERMISSIVE FOR INSERT TO authenticated
  WITH CHECK (((extension = ANY (ARRAY['broadcast'::text, 'presence'::text])) AND ( SELECT chat_private.may_write_topic(realtime.topic()) AS may_write_topic)));
