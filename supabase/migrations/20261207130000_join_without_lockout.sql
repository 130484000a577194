-- Joining (issue 35, item 5): a correct capability always joins. The link is checked first;
-- only a failed attempt spends the chat's and the address's failure budgets, and once either
-- is spent further failures get 429 (the attempt itself is refused, not the chat). A stranger
-- who knows a chat's id can no longer lock its customer out, nor can 30 failures from a shared
-- address lock out every chat joined from it. Capabilities are 256-bit HMACs: the budgets
-- bound the noise of guessing, not its odds, which were never within reach.
--
-- A joined page renews its token with the token itself (chat_renew_customer): no join, no
-- failure budget, and only while the link it joined with is the chat's current, unexpired one
-- (a rotated link still ends the page). Successful joins and renewals have budgets per chat.

insert into chat_private.rate_limits (action, max_events, per_seconds) values
  ('join_per_chat', 60, 600),
  ('renew_per_chat', 30, 600);

create or replace function public.chat_join(p_chat_id uuid, p_link_token_hash text, p_client_address text)
returns jsonb
language plpgsql security definer set search_path = '' as $$
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
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id);
end
$$;
comment on function public.chat_join(uuid, text, text) is
  'POST /chat-session/join (no credential): a link''s hash for the session and a customer id, or {refused}; only failures spend the chat''s and the address''s failure budgets.';

-- p_link: the first 16 hex digits of the joined link's hash (the token's `link` claim).
create function public.chat_renew_customer(p_chat_id uuid, p_customer_id uuid, p_link text) returns jsonb
language plpgsql security definer set search_path = '' as $$
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
  return jsonb_build_object('session', chat_private.session_json(s), 'customer_id', s.customer_id);
end
$$;
comment on function public.chat_renew_customer(uuid, uuid, text) is
  'POST /chat-session/token (customer): a fresh token for the chat while its link is the one joined with; spends the chat''s renewal budget.';

revoke execute on function public.chat_renew_customer(uuid, uuid, text) from public, anon, authenticated;
grant execute on function public.chat_renew_customer(uuid, uuid, text) to service_role;
