-- The widget's frame document names the site's origins in its frame-ancestors (issue 29): the
-- API reads them by the public site key, before any visitor has said where it is.

create function public.chat_site_origins(p_site_key text) returns jsonb
  language sql stable security definer set search_path = ''
as $$
  select to_jsonb(s.origins) from public.chat_sites s where s.site_key = p_site_key and s.active
$$;
comment on function public.chat_site_origins(text) is 'GET /chat-session/widget (no credential): the origins that may frame an active site''s widget; null for no such site.';
revoke all on function public.chat_site_origins(text) from public, anon, authenticated;
grant all on function public.chat_site_origins(text) to service_role;
