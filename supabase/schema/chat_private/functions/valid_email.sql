-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: valid_email(text); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.valid_email(p_email text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if not chat_private.is_email(p_email) then
    raise sqlstate 'PT400' using message = 'email must be an email address';
  end if;
  return lower(p_email);
end
$$;

--
-- Name: FUNCTION valid_email(p_email text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.valid_email(p_email text) FROM PUBLIC;
