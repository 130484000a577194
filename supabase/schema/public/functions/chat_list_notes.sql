-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_list_notes(uuid, text, timestamp with time zone, uuid, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 200) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_at timestamptz := coalesce(p_before_created_at, 'infinity');
  before_id uuid := coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
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
      and (n.created_at, n.id) < (before_at, before_id)
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
-- Name: FUNCTION chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_notes(p_chat_id uuid, p_admin_id text, p_before_created_at timestamp with time zone, p_before_id uuid, p_limit integer) TO service_role;
