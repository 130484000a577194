-- The team's settings an owner chooses in the dashboard, starting with automatic assignment of
-- new chats (until chosen, the deployment's CHAT_AUTO_ASSIGN applies).

create table chat_private.team_settings (
  singleton boolean primary key default true check (singleton),
  auto_assign text check (auto_assign in ('off', 'round_robin')),
  updated_at timestamptz not null default now(),
  updated_by uuid
);
comment on table chat_private.team_settings is
  'The team''s settings (one row, once an owner chose): auto_assign for new chats; null columns: the deployment''s default.';
revoke all on table chat_private.team_settings from public, anon, authenticated;

CREATE OR REPLACE FUNCTION public.chat_create_session(p_id uuid, p_customer_name text, p_customer_email text, p_metadata jsonb, p_link_token_hash text, p_link_expires_at timestamp with time zone, p_admin_id text, p_auto_assign boolean DEFAULT false) RETURNS jsonb
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
  -- The team's choice (the dashboard's Team dialog) over the deployment's default (p_auto_assign).
  if coalesce((select t.auto_assign = 'round_robin' from chat_private.team_settings t), p_auto_assign) then
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

CREATE OR REPLACE FUNCTION public.chat_list_team(p_admin_id text) RETURNS jsonb
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
  return chat_private.page_within_budget('members', rows, chat_private.max_team_size())
    || jsonb_build_object('auto_assign', (select t.auto_assign from chat_private.team_settings t));
end
$$;

CREATE FUNCTION public.chat_set_team_settings(p_admin_id text, p_auto_assign text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  chosen chat_private.team_settings;
begin
  perform chat_private.require_owner(p_admin_id);
  if p_auto_assign not in ('off', 'round_robin') then
    raise sqlstate 'PT400' using message = 'auto_assign must be off or round_robin';
  end if;
  insert into chat_private.team_settings as t (auto_assign, updated_by)
  values (p_auto_assign, p_admin_id::uuid)
  on conflict (singleton) do update set auto_assign = excluded.auto_assign, updated_at = now(),
    updated_by = excluded.updated_by
  returning * into chosen;
  return jsonb_build_object('auto_assign', chosen.auto_assign);
end
$$;

COMMENT ON FUNCTION public.chat_set_team_settings(p_admin_id text, p_auto_assign text)
  IS 'PATCH /chat-session/team/settings (owner): the team''s choice of automatic assignment for new chats.';
REVOKE ALL ON FUNCTION public.chat_set_team_settings(p_admin_id text, p_auto_assign text) FROM PUBLIC, anon, authenticated;
GRANT ALL ON FUNCTION public.chat_set_team_settings(p_admin_id text, p_auto_assign text) TO service_role;
