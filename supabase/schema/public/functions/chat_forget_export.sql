-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_forget_export(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_forget_export(p_export_key text, p_caller text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform chat_private.require_admin(p_caller);
  delete from chat_private.export_files where key = p_export_key;
end
$$;

--
-- Name: FUNCTION chat_forget_export(p_export_key text, p_caller text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_forget_export(p_export_key text, p_caller text) IS 'POST /chat-session/export (admin), when refused midway: the file it was writing holds no chats.';

--
-- Name: FUNCTION chat_forget_export(p_export_key text, p_caller text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_forget_export(p_export_key text, p_caller text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_forget_export(p_export_key text, p_caller text) TO service_role;
