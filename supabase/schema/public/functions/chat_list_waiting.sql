-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_list_waiting(timestamp with time zone, uuid, integer, text, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_waiting(p_after_since timestamp with time zone DEFAULT NULL::timestamp with time zone, p_after_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50, p_caller text DEFAULT NULL::text, p_assignee text DEFAULT NULL::text, p_site uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  page_size integer := chat_private.page_limit(p_limit);
  after_since timestamptz := coalesce(p_after_since, '-infinity');
  after_id uuid := coalesce(p_after_id, '00000000-0000-0000-0000-000000000000');
  rows jsonb;
  waiting bigint;
begin
  perform chat_private.require_admin(p_caller);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_caller));
  if p_assignee is not null and p_assignee not in ('me', 'none') then
    raise sqlstate 'PT400' using message = 'assignee must be me or none';
  end if;
  if (p_after_since is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'cursor needs both waiting time and id';
  end if;

  -- Closing a chat ends its wait, so every row of the partial index is an open chat.
  select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.waiting_since, page.id), '[]')
  into rows
  from (
    select * from public.chat_sessions s
    where s.waiting_since is not null and (s.waiting_since, s.id) > (after_since, after_id)
      and chat_private.assigned_as_asked(s, p_assignee, p_caller)
      and (p_site is null or s.site_id = p_site)
    order by s.waiting_since, s.id
    limit page_size + 1
  ) page;
  select count(*) into waiting from public.chat_sessions s
  where s.waiting_since is not null and chat_private.assigned_as_asked(s, p_assignee, p_caller)
      and (p_site is null or s.site_id = p_site);

  return chat_private.page_within_budget('sessions', rows, page_size) || jsonb_build_object('waiting_count', waiting);
end
$$;

--
-- Name: FUNCTION chat_list_waiting(p_after_since timestamp with time zone, p_after_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_waiting(p_after_since timestamp with time zone, p_after_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) IS 'GET /chat-session?waiting=true (admin): the open chats waiting for the team''s reply, oldest wait first, and how many (optionally by assignee), and by site.';

--
-- Name: FUNCTION chat_list_waiting(p_after_since timestamp with time zone, p_after_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_waiting(p_after_since timestamp with time zone, p_after_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_waiting(p_after_since timestamp with time zone, p_after_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) TO service_role;
