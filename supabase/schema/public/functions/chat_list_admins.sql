-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_list_admins(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_list_admins(p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  rows jsonb;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('read_per_caller', format('read:%s', p_admin_id));
  select coalesce(jsonb_agg(jsonb_build_object('user_id', a.user_id, 'display_name', a.display_name)
                            order by lower(a.display_name), a.user_id), '[]') into rows
  from (
    select * from public.chat_admins where deactivated_at is null
    order by lower(display_name), user_id
    limit chat_private.max_team_size() + 1
  ) a;
  return chat_private.page_within_budget('admins', rows, chat_private.max_team_size());
end
$$;

--
-- Name: FUNCTION chat_list_admins(p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_list_admins(p_admin_id text) IS 'GET /chat-session/admins (admin): every active chat admin''s id and display name (whom a chat can go to).';

--
-- Name: FUNCTION chat_list_admins(p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_list_admins(p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_list_admins(p_admin_id text) TO service_role;
