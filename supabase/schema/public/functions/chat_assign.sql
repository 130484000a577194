-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_assign(uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  name text;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('assign_per_admin', format('assign:%s', p_admin_id));
  if p_assignee_id is not null then
    select a.display_name into name from public.chat_admins a
    where a.user_id = p_assignee_id and a.deactivated_at is null;
    if not found then
      raise sqlstate 'PT400' using message = 'assignee_id is not an active chat admin';
    end if;
  end if;
  update public.chat_sessions set assignee_id = p_assignee_id, assignee_name = name
  where id = p_chat_id
  returning * into s;
  if not found then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  return chat_private.session_for_admin(s, p_admin_id);
end
$$;

--
-- Name: FUNCTION chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) IS 'POST /chat-session/assign (admin): gives a chat to an admin, or (null) to nobody.';

--
-- Name: FUNCTION chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_assign(p_chat_id uuid, p_assignee_id uuid, p_admin_id text) TO service_role;
