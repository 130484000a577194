-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_list_sessions(text, timestamp with time zone, uuid, integer, text, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_sessions(p_status text DEFAULT NULL::text, p_before_activity_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50, p_caller text DEFAULT NULL::text, p_assignee text DEFAULT NULL::text, p_site uuid DEFAULT NULL::uuid) RETURNS jsonb
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

  -- One statement per filter that has an index of its own, so each keeps its index condition
  -- in a generic plan: the caller's own chats walk the assignee's index (they may be few of
  -- many); the status filter its index; "unassigned" rides the activity walk (most chats are).
  if p_site is not null then
    select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where s.site_id = p_site and (s.last_activity_at, s.id) < (before_at, before_id)
        and (p_status is null or s.status = p_status) and chat_private.assigned_as_asked(s, p_assignee, p_caller)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  elsif p_assignee = 'me' then
    select coalesce(jsonb_agg(chat_private.session_for_admin(page, p_caller) order by page.last_activity_at desc, page.id desc), '[]')
    into rows
    from (
      select * from public.chat_sessions s
      where s.assignee_id = p_caller::uuid and (s.last_activity_at, s.id) < (before_at, before_id)
        and (p_status is null or s.status = p_status)
      order by s.last_activity_at desc, s.id desc
      limit page_size + 1
    ) page;
  elsif p_status is null then
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
-- Name: FUNCTION chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) IS 'GET /chat-session (admin): a page of sessions, newest activity first, optionally by status and assignee (me, none), and by site.';

--
-- Name: FUNCTION chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_sessions(p_status text, p_before_activity_at timestamp with time zone, p_before_id uuid, p_limit integer, p_caller text, p_assignee text, p_site uuid) TO service_role;
