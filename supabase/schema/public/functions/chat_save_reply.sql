-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_save_reply(uuid, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  r chat_private.saved_replies;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('save_reply_per_admin', format('save_reply:%s', p_admin_id));
  begin
    if p_id is null then
      insert into chat_private.saved_replies (title, body, updated_by)
      values (btrim(p_title), p_body, p_admin_id::uuid)
      returning * into r;
    else
      update chat_private.saved_replies
      set title = btrim(p_title), body = p_body, updated_by = p_admin_id::uuid, updated_at = now()
      where id = p_id
      returning * into r;
      if not found then
        raise sqlstate 'PT404' using message = 'saved reply not found';
      end if;
    end if;
  exception when unique_violation then
    raise sqlstate 'PT409' using message = 'another saved reply has this title';
  end;
  return chat_private.saved_reply_json(r);
end
$$;

--
-- Name: FUNCTION chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text) IS 'POST /chat-message/replies (admin): a new saved reply, or (with id) a changed one; titles are unique, any case.';

--
-- Name: FUNCTION chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text) TO service_role;
