-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  new.updated_at := now();
  return new;
end
$$;

--
-- Name: FUNCTION touch_updated_at(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.touch_updated_at() IS 'Keeps updated_at current on chat_sessions (trigger).';

--
-- Name: FUNCTION touch_updated_at(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.touch_updated_at() FROM PUBLIC;
