-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: record_export(text, uuid[]); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.record_export(p_key text, p_chat_ids uuid[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if p_key is null then
    return;
  end if;
  insert into chat_private.export_files (chat_id, key)
  select id, p_key from unnest(p_chat_ids) id
  on conflict do nothing;
  if random() < 0.01 then
    delete from chat_private.export_files where created_at < now() - interval '2 days';
  end if;
end
$$;

--
-- Name: FUNCTION record_export(p_key text, p_chat_ids uuid[]); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.record_export(p_key text, p_chat_ids uuid[]) FROM PUBLIC;
