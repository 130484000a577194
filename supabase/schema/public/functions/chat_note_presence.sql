-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_note_presence(uuid, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_note_presence(p_chat_id uuid, p_present boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.chat_presence;
  was_present boolean;
begin
  if p_present is null then
    raise sqlstate 'PT400' using message = 'present must be true or false';
  end if;
  select * into p from public.chat_presence where chat_id = p_chat_id;
  was_present := coalesce(p.present, false);
  -- Nothing to write for a beat soon after the last one, or for leaving again.
  if (was_present and p_present and p.seen_at > now() - interval '20 seconds')
     or (p.chat_id is not null and not was_present and not p_present) then
    return chat_private.presence_json(p);
  end if;
  if not exists (select 1 from public.chat_sessions where id = p_chat_id) then
    raise sqlstate 'PT404' using message = 'chat session not found';
  end if;
  if was_present <> p_present then
    perform chat_private.spend_for('presence_per_chat', format('presence:%s', p_chat_id));
  end if;
  insert into public.chat_presence as c (chat_id, present, seen_at)
  values (p_chat_id, p_present, now())
  on conflict (chat_id) do update set present = excluded.present, seen_at = excluded.seen_at
  returning * into p;
  return chat_private.presence_json(p);
end
$$;

--
-- Name: FUNCTION chat_note_presence(p_chat_id uuid, p_present boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_note_presence(p_chat_id uuid, p_present boolean) IS 'POST /chat-session/presence: the customer page is here (a beat, written at most every 20 s) or leaving; arriving and leaving spend its budget.';

--
-- Name: FUNCTION chat_note_presence(p_chat_id uuid, p_present boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_note_presence(p_chat_id uuid, p_present boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_note_presence(p_chat_id uuid, p_present boolean) TO service_role;
