-- Sites and their visitors (issue 29): a business's website embeds the widget; a visitor starts
-- a chat there, with no link, and returns to it with a long-lived visitor credential (stored
-- only as its hash). A site is a row like everything else, readable by admins through RLS.

-- An origin a site may embed the widget on: https, or http on this machine (development), with
-- no path; browsers send exactly this in Origin and in location.ancestorOrigins.
create function chat_private.is_web_origin(origin text) returns boolean
  language sql immutable set search_path = ''
as $$
  select origin ~ '^https://[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?$'
      or origin ~ '^http://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?$'
$$;
revoke all on function chat_private.is_web_origin(text) from public, anon, authenticated;

create function chat_private.are_web_origins(origins text[]) returns boolean
  language sql immutable set search_path = ''
as $$
  select cardinality(origins) between 1 and 20
     and (select bool_and(chat_private.is_web_origin(o)) from unnest(origins) o)
     and cardinality(origins) = (select count(distinct o) from unnest(origins) o)
$$;
revoke all on function chat_private.are_web_origins(text[]) from public, anon, authenticated;

create table public.chat_sites (
  id uuid primary key default gen_random_uuid(),
  -- Public: the host page's script tag names it. Not a secret, so no hash.
  site_key text not null unique default ('site_' || replace(gen_random_uuid()::text, '-', '')),
  name text not null check (char_length(name) between 1 and 100 and name = btrim(name)),
  origins text[] not null check (chat_private.are_web_origins(origins)),
  identity_mode text not null default 'off' check (identity_mode in ('off', 'optional', 'required')),
  name_field text not null default 'optional' check (name_field in ('hidden', 'optional', 'required')),
  email_field text not null default 'optional' check (email_field in ('hidden', 'optional', 'required')),
  welcome_line text check (welcome_line is null or char_length(welcome_line) between 1 and 300),
  colour text not null default '#1d4ed8' check (colour ~ '^#[0-9a-f]{6}$'),
  position text not null default 'right' check (position in ('left', 'right')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.chat_sites is 'The websites the widget runs on: who may frame it and start chats, and how it looks.';

create trigger chat_sites_touch_updated_at before update on public.chat_sites
  for each row execute function chat_private.touch_updated_at();

alter table public.chat_sites enable row level security;
create policy chat_sites_read_by_admins on public.chat_sites
  for select to authenticated using ((select chat_private.is_chat_admin()));
revoke all on table public.chat_sites from public, anon, authenticated, service_role;
grant select on table public.chat_sites to authenticated;

-- The public keys a site's own server signs visitors' identity tokens with (two at once, so a
-- key can be rotated without a gap). Public keys only: an HMAC secret is refused by the API.
create table chat_private.site_keys (
  site_id uuid not null references public.chat_sites(id) on delete cascade,
  kid text not null check (char_length(kid) between 1 and 100),
  public_jwk jsonb not null check (jsonb_typeof(public_jwk) = 'object' and not public_jwk ? 'd'),
  created_at timestamptz not null default now(),
  primary key (site_id, kid)
);

-- A visitor: one browser on one site. Its credential (recomputable by the API from the id, like
-- a link's capability) is stored only as a hash, and stops working once revoked.
create table chat_private.visitors (
  id uuid primary key,
  site_id uuid not null references public.chat_sites(id),
  credential_hash bytea not null unique check (octet_length(credential_hash) = 32),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz
);

alter table public.chat_sessions
  add column site_id uuid references public.chat_sites(id),
  add column visitor_id uuid references chat_private.visitors(id),
  -- The `sub` of the host's verified identity token: the same person on any device.
  add column identity_sub text check (identity_sub is null or char_length(identity_sub) between 1 and 255),
  -- Where the visitor was: page URL, referrer, time zone and language.
  add column context jsonb check (context is null or jsonb_typeof(context) = 'object');
create index chat_sessions_site_activity on public.chat_sessions (site_id, last_activity_at desc, id desc)
  where site_id is not null;
create index chat_sessions_visitor on public.chat_sessions (visitor_id, created_at desc) where visitor_id is not null;
create index chat_sessions_identity on public.chat_sessions (site_id, identity_sub, created_at desc)
  where identity_sub is not null;

insert into chat_private.rate_limits (action, max_events, per_seconds) values
  ('start_per_address', 6, 43200),
  ('start_per_site', 600, 3600),
  ('visitor_per_credential', 120, 600),
  ('site_update_per_owner', 60, 60);

create or replace function chat_private.session_json(s public.chat_sessions) returns jsonb
  language sql stable
as $$
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
    'assignee_name', s.assignee_name,
    'waiting_since', s.waiting_since,
    'site_id', s.site_id,
    'identity_sub', s.identity_sub,
    'context', s.context
  )
$$;

-- A site as the dashboard shows it: its settings and its keys' ids (public keys, no secret).
create function chat_private.site_json(site public.chat_sites) returns jsonb
  language sql stable security definer set search_path = ''
as $$
  select to_jsonb(site) || jsonb_build_object(
    'keys', coalesce((select jsonb_agg(jsonb_build_object('kid', k.kid, 'created_at', k.created_at,
                                                          'public_jwk', k.public_jwk) order by k.created_at)
                      from chat_private.site_keys k where k.site_id = site.id), '[]'))
$$;
revoke all on function chat_private.site_json(public.chat_sites) from public, anon, authenticated;

create function public.chat_list_sites(p_admin_id text) returns jsonb
  language plpgsql stable security definer set search_path = ''
as $$
begin
  perform chat_private.require_admin(p_admin_id);
  return jsonb_build_object('sites', coalesce(
    (select jsonb_agg(chat_private.site_json(s) order by s.active desc, lower(s.name), s.id)
     from (select * from public.chat_sites limit 200) s), '[]'));
end
$$;
comment on function public.chat_list_sites(text) is 'GET /chat-session/sites (admin): every site, with its settings and key ids.';
revoke all on function public.chat_list_sites(text) from public, anon, authenticated;
grant all on function public.chat_list_sites(text) to service_role;

-- p_changes: the fields to set (name, origins, identity_mode, name_field, email_field,
-- welcome_line, colour, position, active); a field left out keeps its value.
create function public.chat_save_site(p_admin_id text, p_site_id uuid, p_changes jsonb) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  site public.chat_sites;
  field text;
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('site_update_per_owner', format('site:%s', p_admin_id));
  for field in select jsonb_object_keys(p_changes) loop
    if field not in ('name', 'origins', 'identity_mode', 'name_field', 'email_field', 'welcome_line', 'colour',
                     'position', 'active') then
      raise sqlstate 'PT400' using message = format('%s is not a site setting', field);
    end if;
  end loop;
  if p_site_id is null then
    if not (p_changes ? 'name' and p_changes ? 'origins') then
      raise sqlstate 'PT400' using message = 'a new site needs a name and its origins';
    end if;
    insert into public.chat_sites (name, origins) values (p_changes ->> 'name', array(select jsonb_array_elements_text(p_changes -> 'origins')))
    returning * into site;
  else
    select * into site from public.chat_sites where id = p_site_id for update;
    if not found then
      raise sqlstate 'PT404' using message = 'no such site', hint = 'site_not_found';
    end if;
  end if;
  update public.chat_sites s set
    name = coalesce(p_changes ->> 'name', s.name),
    origins = coalesce(case when p_changes ? 'origins' then array(select jsonb_array_elements_text(p_changes -> 'origins')) end, s.origins),
    identity_mode = coalesce(p_changes ->> 'identity_mode', s.identity_mode),
    name_field = coalesce(p_changes ->> 'name_field', s.name_field),
    email_field = coalesce(p_changes ->> 'email_field', s.email_field),
    welcome_line = case when p_changes ? 'welcome_line' then p_changes ->> 'welcome_line' else s.welcome_line end,
    colour = coalesce(p_changes ->> 'colour', s.colour),
    position = coalesce(p_changes ->> 'position', s.position),
    active = coalesce((p_changes ->> 'active')::boolean, s.active)
  where s.id = site.id
  returning * into site;
  if site.identity_mode = 'required' and not exists (select 1 from chat_private.site_keys k where k.site_id = site.id) then
    raise sqlstate 'PT409' using message = 'add a verification key before requiring verified visitors',
      hint = 'site_key_missing';
  end if;
  return chat_private.site_json(site);
end
$$;
comment on function public.chat_save_site(text, uuid, jsonb) is 'POST /chat-session/sites (owner): a new site; PATCH /chat-session/sites: a site''s changed settings.';
revoke all on function public.chat_save_site(text, uuid, jsonb) from public, anon, authenticated;
grant all on function public.chat_save_site(text, uuid, jsonb) to service_role;

create function public.chat_add_site_key(p_admin_id text, p_site_id uuid, p_kid text, p_public_jwk jsonb) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  site public.chat_sites;
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('site_update_per_owner', format('site:%s', p_admin_id));
  select * into site from public.chat_sites where id = p_site_id for update;  -- one key change at a time
  if not found then
    raise sqlstate 'PT404' using message = 'no such site', hint = 'site_not_found';
  end if;
  if exists (select 1 from chat_private.site_keys k where k.site_id = site.id and k.kid = p_kid) then
    raise sqlstate 'PT409' using message = 'this site already has a key with that kid', hint = 'site_key_exists';
  end if;
  if (select count(*) from chat_private.site_keys k where k.site_id = site.id) >= 2 then
    raise sqlstate 'PT409' using message = 'a site has at most two keys: remove the old one first', hint = 'site_keys_full';
  end if;
  insert into chat_private.site_keys (site_id, kid, public_jwk) values (site.id, p_kid, p_public_jwk);
  return chat_private.site_json(site);
end
$$;
comment on function public.chat_add_site_key(text, uuid, text, jsonb) is 'POST /chat-session/sites/keys (owner): a public key the site signs identity tokens with (two at most).';
revoke all on function public.chat_add_site_key(text, uuid, text, jsonb) from public, anon, authenticated;
grant all on function public.chat_add_site_key(text, uuid, text, jsonb) to service_role;

create function public.chat_remove_site_key(p_admin_id text, p_site_id uuid, p_kid text) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  site public.chat_sites;
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('site_update_per_owner', format('site:%s', p_admin_id));
  select * into site from public.chat_sites where id = p_site_id for update;
  if not found then
    raise sqlstate 'PT404' using message = 'no such site', hint = 'site_not_found';
  end if;
  delete from chat_private.site_keys k where k.site_id = site.id and k.kid = p_kid;
  if not found then
    raise sqlstate 'PT404' using message = 'this site has no key with that kid';
  end if;
  if site.identity_mode = 'required' and not exists (select 1 from chat_private.site_keys k where k.site_id = site.id) then
    raise sqlstate 'PT409' using message = 'a site that requires verified visitors keeps at least one key',
      hint = 'site_key_missing';
  end if;
  return chat_private.site_json(site);
end
$$;
comment on function public.chat_remove_site_key(text, uuid, text) is 'DELETE /chat-session/sites/keys (owner): stops accepting identity tokens signed with that key.';
revoke all on function public.chat_remove_site_key(text, uuid, text) from public, anon, authenticated;
grant all on function public.chat_remove_site_key(text, uuid, text) to service_role;

-- The active site named by a public key, if the visitor's page is on one of its origins.
create function chat_private.site_for_visitor(p_site_key text, p_host_origin text) returns public.chat_sites
  language plpgsql stable security definer set search_path = ''
as $$
declare
  site public.chat_sites;
begin
  select * into site from public.chat_sites s where s.site_key = p_site_key and s.active;
  if not found then
    raise sqlstate 'PT404' using message = 'no such site, or it is switched off', hint = 'site_not_found';
  end if;
  if p_host_origin is null or not (p_host_origin = any (site.origins)) then
    raise sqlstate 'PT403' using message = 'the widget is not allowed on this website', hint = 'origin_not_allowed';
  end if;
  return site;
end
$$;
revoke all on function chat_private.site_for_visitor(text, text) from public, anon, authenticated;

create function public.chat_site_for_visitor(p_site_key text, p_host_origin text) returns jsonb
  language plpgsql stable security definer set search_path = ''
as $$
declare
  site public.chat_sites := chat_private.site_for_visitor(p_site_key, p_host_origin);
begin
  return jsonb_build_object(
    'site', jsonb_build_object('site_key', site.site_key, 'name', site.name, 'identity_mode', site.identity_mode,
                               'name_field', site.name_field, 'email_field', site.email_field,
                               'welcome_line', site.welcome_line, 'colour', site.colour, 'position', site.position),
    'origins', to_jsonb(site.origins),
    'keys', coalesce((select jsonb_object_agg(k.kid, k.public_jwk) from chat_private.site_keys k where k.site_id = site.id), '{}'));
end
$$;
comment on function public.chat_site_for_visitor(text, text) is 'GET /chat-session/site (no credential): the widget''s settings for a page on one of the site''s origins, and the keys the API verifies identities with.';
revoke all on function public.chat_site_for_visitor(text, text) from public, anon, authenticated;
grant all on function public.chat_site_for_visitor(text, text) to service_role;

-- What a visitor is answered with: its chats on this site (newest first) and, for the one it
-- opens, what the API mints its customer token from.
create function chat_private.visitor_answer(site public.chat_sites, p_visitor_id uuid, p_identity_sub text, p_chat_id uuid)
  returns jsonb
  language plpgsql stable security definer set search_path = ''
as $$
declare
  opened public.chat_sessions;
begin
  -- Chats started with a verified identity are that identity's, on any device; anonymous ones
  -- belong to the browser that started them, and never show to a verified identity's device.
  select * into opened from public.chat_sessions s
  where s.site_id = site.id
    and ((s.identity_sub is null and s.visitor_id = p_visitor_id) or s.identity_sub = p_identity_sub)
    and (s.id = p_chat_id or (p_chat_id is null and s.status = 'open'))
  order by s.created_at desc limit 1;
  if p_chat_id is not null and not found then
    raise sqlstate 'PT404' using message = 'no such chat for this visitor';
  end if;
  return jsonb_build_object(
    'visitor_id', p_visitor_id,
    'realtime_epoch', chat_private.realtime_epoch(),
    'sessions', coalesce((
      select jsonb_agg(chat_private.session_json(s) order by s.created_at desc)
      from (select * from public.chat_sessions s
            where s.site_id = site.id
              and ((s.identity_sub is null and s.visitor_id = p_visitor_id) or s.identity_sub = p_identity_sub)
            order by s.created_at desc limit 20) s), '[]'),
    'opened', case when opened.id is null then null else jsonb_build_object(
      'session', chat_private.session_json(opened), 'customer_id', opened.customer_id,
      'link', (select encode(l.token_hash, 'hex') from chat_private.chat_links l where l.chat_id = opened.id)) end);
end
$$;
revoke all on function chat_private.visitor_answer(public.chat_sites, uuid, text, uuid) from public, anon, authenticated;

-- The visitor behind a credential, spending its budget; a wrong or revoked credential is 401
-- (spending the address's failure budget, as a wrong link does).
create function chat_private.visitor_by_credential(site public.chat_sites, p_credential_hash text, p_client_address text)
  returns chat_private.visitors
  language plpgsql security definer set search_path = ''
as $$
declare
  v chat_private.visitors;
begin
  select * into v from chat_private.visitors x
  where x.credential_hash = decode(p_credential_hash, 'hex') and x.site_id = site.id and x.revoked_at is null;
  if not found then
    perform chat_private.spend_for('join_failures_per_address', format('join:address:%s', p_client_address));
    raise sqlstate 'PT401' using message = 'this browser''s chats are unknown or were forgotten', hint = 'visitor_unknown';
  end if;
  perform chat_private.spend_for('visitor_per_credential', format('visitor:%s', v.id));
  update chat_private.visitors x set last_seen_at = now() where x.id = v.id and x.last_seen_at < now() - interval '1 hour';
  return v;
end
$$;
revoke all on function chat_private.visitor_by_credential(public.chat_sites, text, text) from public, anon, authenticated;

-- A visitor's return: its chats and a chat to open (p_chat_id, or its newest open one). With no
-- credential (a first visit on this device by a verified identity), the API's new visitor is made.
create function public.chat_resume_visitor(
  p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text, p_identity_sub text,
  p_chat_id uuid, p_new_visitor_id uuid, p_new_credential_hash text
) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  site public.chat_sites := chat_private.site_for_visitor(p_site_key, p_host_origin);
  v chat_private.visitors;
begin
  if site.identity_mode = 'required' and p_identity_sub is null then
    raise sqlstate 'PT401' using message = 'this website lets only signed-in visitors chat', hint = 'identity_required';
  end if;
  if p_credential_hash is not null then
    v := chat_private.visitor_by_credential(site, p_credential_hash, p_client_address);
  elsif p_identity_sub is not null then
    insert into chat_private.visitors (id, site_id, credential_hash)
    values (p_new_visitor_id, site.id, decode(p_new_credential_hash, 'hex')) returning * into v;
  else
    raise sqlstate 'PT401' using message = 'nothing to resume: start a chat', hint = 'visitor_unknown';
  end if;
  return chat_private.visitor_answer(site, v.id, p_identity_sub, p_chat_id);
end
$$;
comment on function public.chat_resume_visitor(text, text, text, text, text, uuid, uuid, text) is 'POST /chat-session/visitor (visitor credential or verified identity): the visitor''s chats and a token''s makings for the one it opens.';
revoke all on function public.chat_resume_visitor(text, text, text, text, text, uuid, uuid, text) from public, anon, authenticated;
grant all on function public.chat_resume_visitor(text, text, text, text, text, uuid, uuid, text) to service_role;

create function public.chat_forget_visitor(p_site_key text, p_host_origin text, p_client_address text, p_credential_hash text)
  returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  site public.chat_sites := chat_private.site_for_visitor(p_site_key, p_host_origin);
  v chat_private.visitors := chat_private.visitor_by_credential(site, p_credential_hash, p_client_address);
begin
  update chat_private.visitors x set revoked_at = now() where x.id = v.id;
  return jsonb_build_object('forgotten', true);
end
$$;
comment on function public.chat_forget_visitor(text, text, text, text) is 'DELETE /chat-session/visitor (visitor credential): the credential stops working; the chats stay with the team.';
revoke all on function public.chat_forget_visitor(text, text, text, text) from public, anon, authenticated;
grant all on function public.chat_forget_visitor(text, text, text, text) to service_role;

-- A chat a visitor starts from a site, with its first message, in one transaction. The chat's id
-- comes from the site and the message's client_msg_id (the API derives it), so a retried start
-- returns the same chat instead of a second one and spends nothing.
create function public.chat_start_visitor_chat(
  p_site_key text, p_host_origin text, p_client_address text,
  p_credential_hash text, p_new_visitor_id uuid, p_new_credential_hash text, p_identity_sub text,
  p_chat_id uuid, p_customer_name text, p_customer_email text, p_content text, p_client_msg_id uuid,
  p_context jsonb, p_link_token_hash text, p_link_expires_at timestamptz, p_auto_assign boolean default false
) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  site public.chat_sites := chat_private.site_for_visitor(p_site_key, p_host_origin);
  v chat_private.visitors;
  s public.chat_sessions;
  chosen public.chat_admins;
  name text := nullif(btrim(p_customer_name), '');
  email text := nullif(btrim(p_customer_email), '');
  sent jsonb;
begin
  if site.identity_mode = 'required' and p_identity_sub is null then
    raise sqlstate 'PT401' using message = 'this website lets only signed-in visitors chat', hint = 'identity_required';
  end if;
  if p_credential_hash is not null then
    v := chat_private.visitor_by_credential(site, p_credential_hash, p_client_address);
  end if;

  select * into s from public.chat_sessions where id = p_chat_id;
  if found then  -- a retry: the same chat, if it is this visitor's
    if s.site_id is distinct from site.id or (v.id is not null and s.visitor_id <> v.id)
       or s.identity_sub is distinct from p_identity_sub then
      raise sqlstate 'PT409' using message = 'client_msg_id was already used for a different message',
        hint = 'client_msg_id_reused';
    end if;
    sent := public.chat_send_message(s.id, 'customer', s.customer_id::text, p_content, p_client_msg_id);
    return chat_private.visitor_answer(site, s.visitor_id, p_identity_sub, s.id)
      || jsonb_build_object('message', sent -> 'message', 'created', false);
  end if;

  if site.name_field = 'hidden' then name := null; end if;
  if site.email_field = 'hidden' then email := null; end if;
  if site.name_field = 'required' and name is null then
    raise sqlstate 'PT400' using message = 'your name is required', hint = 'prechat_field_required', detail = 'customer_name';
  end if;
  if site.email_field = 'required' and email is null then
    raise sqlstate 'PT400' using message = 'your email is required', hint = 'prechat_field_required', detail = 'customer_email';
  end if;
  if email is not null and not chat_private.is_email(email) then
    raise sqlstate 'PT400' using message = 'customer_email must be an email address';
  end if;

  perform chat_private.spend_for('start_per_address', format('start:address:%s', p_client_address));
  perform chat_private.spend_for('start_per_site', format('start:site:%s', site.id));
  if v.id is null then
    insert into chat_private.visitors (id, site_id, credential_hash)
    values (p_new_visitor_id, site.id, decode(p_new_credential_hash, 'hex')) returning * into v;
  end if;
  if coalesce((select t.auto_assign = 'round_robin' from chat_private.team_settings t), p_auto_assign) then
    chosen := chat_private.next_assignee();
  end if;
  insert into public.chat_sessions (id, customer_name, customer_email, assignee_id, assignee_name,
                                    site_id, visitor_id, identity_sub, context)
  -- A visitor who gave neither name nor email is named by the site, so the chat still has a customer.
  values (p_chat_id, coalesce(name, case when email is null then format('Visitor on %s', site.name) end), email,
          chosen.user_id, chosen.display_name, site.id, v.id, p_identity_sub, p_context)
  returning * into s;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (s.id, decode(p_link_token_hash, 'hex'), p_link_expires_at);
  sent := public.chat_send_message(s.id, 'customer', s.customer_id::text, p_content, p_client_msg_id);
  return chat_private.visitor_answer(site, v.id, p_identity_sub, s.id)
    || jsonb_build_object('message', sent -> 'message', 'created', true);
end
$$;
comment on function public.chat_start_visitor_chat(text, text, text, text, uuid, text, text, uuid, text, text, text, uuid, jsonb, text, timestamptz, boolean) is 'POST /chat-session/start (no credential, or a visitor''s): a chat started from a site''s widget with its first message; spends the address''s and the site''s start budgets.';
revoke all on function public.chat_start_visitor_chat(text, text, text, text, uuid, text, text, uuid, text, text, text, uuid, jsonb, text, timestamptz, boolean) from public, anon, authenticated;
grant all on function public.chat_start_visitor_chat(text, text, text, text, uuid, text, text, uuid, text, text, text, uuid, jsonb, text, timestamptz, boolean) to service_role;
