-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_delete_reply(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_delete_reply(p_id uuid, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('save_reply_per_admin', format('save_reply:%s', p_admin_id));
  delete from chat_private.saved_replies where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'saved reply not found';
  end if;
  return jsonb_build_object('id', p_id, 'deleted', true);
end
$$;

--
-- Name: FUNCTION chat_delete_reply(p_id uuid, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_delete_reply(p_id uuid, p_admin_id text) IS 'DELETE /chat-message/replies?id= (admin): removes a saved reply.';

--
-- Name: FUNCTION chat_delete_reply(p_id uuid, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_delete_reply(p_id uuid, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_delete_reply(p_id uuid, p_admin_id text) TO service_role;
