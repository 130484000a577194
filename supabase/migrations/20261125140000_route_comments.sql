-- Each SQL function names the route (or the rule) it serves, so supabase/schema.sql reads as a
-- map of the API: `make schema` writes it, a test keeps it current.

comment on function public.chat_create_session(text, text, jsonb, text, timestamptz, text) is
  'POST /chat-session (admin): a new session and its link''s hash; spends the admin''s create budget.';
comment on function public.chat_list_sessions(text, timestamptz, uuid, integer, text) is
  'GET /chat-session (admin): a page of sessions, newest activity first, keyset-paged by (last_activity_at, id).';
comment on function public.chat_get_session(uuid, text) is
  'GET /chat-session?id= (admin): one session.';
comment on function public.chat_close_session(uuid) is
  'DELETE /chat-session?id= (admin): closes a session; idempotent; messages are kept.';
comment on function public.chat_rotate_link(uuid, text, timestamptz, text) is
  'POST /chat-session/rotate-link (admin): a new link hash; the old link stops working.';
comment on function public.chat_join(uuid, text, text) is
  'POST /chat-session/join (no credential): a link''s hash for the session and a customer id, or {refused}; '
  'failures spend the chat''s and the address''s join budgets.';
comment on function public.chat_list_messages(uuid, bigint, bigint, integer, text) is
  'GET /chat-message: a page of a chat''s messages in seq order (after_seq or before_seq); spends the caller''s read budget.';
comment on function public.chat_send_message(uuid, text, text, text, uuid) is
  'POST /chat-message: stores a message with the next seq; a repeated client_msg_id returns the original.';
comment on function public.chat_find_admin(uuid) is
  'Every admin route: is this Supabase Auth user a chat admin (chat_core.auth, cached 60 s per container).';

comment on function chat_private.enforce_send_rate_limit() is
  'POST /chat-message: the per-chat, per-side send budget (trigger on chat_messages).';
comment on function chat_private.is_chat_admin() is
  'RLS and Realtime authorization: is the request''s JWT subject a chat admin.';
comment on function chat_private.may_use_topic(text) is
  'Realtime authorization (realtime.messages policies): may this JWT join the private topic chat:<id>.';
comment on function chat_private.message_json(public.chat_messages) is
  'The JSON of a message in every route that returns one.';
comment on function chat_private.session_json(public.chat_sessions) is
  'The JSON of a session in every route that returns one.';
comment on function chat_private.page_limit(integer) is
  'GET /chat-session and GET /chat-message: the page size asked for, clamped.';
comment on function chat_private.page_within_budget(text, jsonb, integer, boolean) is
  'GET /chat-session and GET /chat-message: ends a page before its JSON outgrows the response budget.';
comment on function chat_private.spend(text, integer, integer, boolean) is
  'The rate budgets (join, create, rotate, read): spends one event under a key, or raises PT429 with the wait.';
comment on function chat_private.spend_for(text, text, boolean) is
  'The rate budgets: spend() with the limits chat_private.rate_limits holds for an action.';
comment on function chat_private.touch_updated_at() is
  'Keeps updated_at current on chat_sessions (trigger).';
