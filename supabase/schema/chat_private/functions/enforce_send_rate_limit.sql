-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: enforce_send_rate_limit(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.enforce_send_rate_limit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  lim chat_private.send_rate_limit;
begin
  select * into lim from chat_private.send_rate_limit;
  perform chat_private.spend(format('send:%s:%s', new.chat_id, new.sender_type), lim.max_messages, lim.per_seconds);
  return new;
end
$$;

--
-- Name: FUNCTION enforce_send_rate_limit(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.enforce_send_rate_limit() IS 'POST /chat-message: the per-chat, per-side send budget (trigger on chat_messages).';

--
-- Name: FUNCTION enforce_send_rate_limit(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.enforce_send_rate_limit() FROM PUBLIC;
