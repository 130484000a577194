-- Search by a customer's name or email (issue 16, item 1) without reading every session: a
-- substring (ILIKE '%…%') is answered from trigram indexes, one per column, which the planner
-- combines for "name or email" (a BitmapOr). pg_trgm lives in the extensions schema, as
-- Supabase keeps its extensions; it is a trusted extension, so the migrations' role may add it.
create schema if not exists extensions;
create extension if not exists pg_trgm with schema extensions;

create index chat_sessions_customer_name_trgm on public.chat_sessions
  using gin (customer_name extensions.gin_trgm_ops);
create index chat_sessions_customer_email_trgm on public.chat_sessions
  using gin (customer_email extensions.gin_trgm_ops);
