-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: note_json(public.chat_notes); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.note_json(n public.chat_notes) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select jsonb_build_object('id', n.id, 'chat_id', n.chat_id, 'author_id', n.author_id,
                            'author_name', n.author_name, 'body', n.body, 'created_at', n.created_at)
$$;

--
-- Name: FUNCTION note_json(n public.chat_notes); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.note_json(n public.chat_notes) IS 'The JSON of a private note in every route that returns one.';

--
-- Name: FUNCTION note_json(n public.chat_notes); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.note_json(n public.chat_notes) FROM PUBLIC;
