-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_suppress_email(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_suppress_email(p_email text, p_reason text, p_detail text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
begin
  if p_email is null or p_email !~ '^[^@\s]+@[^@\s]+$' or char_length(p_email) > 320 then
    raise sqlstate 'PT400' using message = 'an email address is needed';
  end if;
  if p_reason is null or p_reason not in ('bounce', 'complaint') then
    raise sqlstate 'PT400' using message = 'the reason is bounce or complaint';
  end if;
  -- SES's diagnostic often quotes the address: it is kept without it
  insert into chat_private.email_suppressions (email_sha256, reason, detail)
  values (chat_private.email_sha256(p_email), p_reason,
          left(regexp_replace(p_detail, '[^\s<>"'',;:()\[\]]+@[^\s<>"'',;:()\[\]]+', '<address>', 'g'), 500))
  on conflict (email_sha256) do nothing;
  return jsonb_build_object('email', lower(p_email), 'suppressed', true);
end
$_$;

--
-- Name: FUNCTION chat_suppress_email(p_email text, p_reason text, p_detail text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_suppress_email(p_email text, p_reason text, p_detail text) IS 'tools.notifier (SES bounce and complaint events, no route): never email this address again.';

--
-- Name: FUNCTION chat_suppress_email(p_email text, p_reason text, p_detail text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_suppress_email(p_email text, p_reason text, p_detail text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_suppress_email(p_email text, p_reason text, p_detail text) TO service_role;
