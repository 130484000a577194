-- A chat's link can be shown again without being stored: its capability is an HMAC, under a
-- key only the API holds, of the chat's id and the link's expiry (to the microsecond, so each
-- new link differs). The database keeps only the capability's hash, as before; to show a link
-- again the API recomputes it and checks it against that hash. So the API chooses the new
-- chat's id, and an admin may read a link's hash and expiry.

drop function public.chat_create_session(text, text, jsonb, text, timestamptz, text);
create function public.chat_create_session(
  p_id uuid,
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
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('create_per_admin', format('create:%s', p_admin_id));
  insert into public.chat_sessions (id, customer_name, customer_email, metadata)
  values (p_id, nullif(btrim(p_customer_name), ''), nullif(btrim(p_customer_email), ''), p_metadata)
  returning * into s;
  insert into chat_private.chat_links (chat_id, token_hash, expires_at)
  values (s.id, decode(p_link_token_hash, 'hex'), p_link_expires_at);
  return chat_private.session_json(s);
end
$$;
revoke execute on function public.chat_create_session(uuid, text, text, jsonb, text, timestamptz, text)
  from public, anon, authenticated;
grant execute on function public.chat_create_session(uuid, text, text, jsonb, text, timestamptz, text) to service_role;
comment on function public.chat_create_session(uuid, text, text, jsonb, text, timestamptz, text) is
  'POST /chat-session (admin): a new session (its id chosen by the API) and its link''s hash; spends the admin''s create budget.';

create function public.chat_current_link(p_chat_id uuid, p_admin_id text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  s public.chat_sessions;
  link chat_private.chat_links;
begin
  perform chat_private.require_admin(p_admin_id);
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
revoke execute on function public.chat_current_link(uuid, text) from public, anon, authenticated;
grant execute on function public.chat_current_link(uuid, text) to service_role;
comment on function public.chat_current_link(uuid, text) is
  'GET /chat-session/link (admin): the session, its link''s hash and expiry, for the API to show the link again.';
