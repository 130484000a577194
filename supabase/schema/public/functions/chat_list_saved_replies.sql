-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_list_saved_replies(text, text, uuid, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_saved_replies(p_admin_id text, p_after_title text DEFAULT NULL::text, p_after_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 200) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  -- Every title is at least one character, so the first page starts after ('', any id).
  after_title text := coalesce(lower(p_after_title), '');
  after_id uuid := coalesce(p_after_id, '00000000-0000-0000-0000-000000000000');
  rows jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  if (p_after_title is null) <> (p_after_id is null) then
    raise sqlstate 'PT400' using message = 'the cursor needs both title and id';
  end if;
  select coalesce(jsonb_agg(chat_private.saved_reply_json(r) order by lower(r.title), r.id), '[]') into rows
  from (
    select * from chat_private.saved_replies s
    where (lower(s.title), s.id) > (after_title, after_id)
    order by lower(s.title), s.id
    limit chat_private.page_limit(p_limit) + 1
  ) r;
  return chat_private.page_within_budget('replies', rows, chat_private.page_limit(p_limit));
end
$$;

--
-- Name: FUNCTION chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer) IS 'GET /chat-message/replies (admin): a page of the team''s saved replies, by title (cursor: after).';

--
-- Name: FUNCTION chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_saved_replies(p_admin_id text, p_after_title text, p_after_id uuid, p_limit integer) TO service_role;
