-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: queue_transcript_email(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.queue_transcript_email() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if new.status = 'closed' and old.status <> 'closed' and new.customer_email is not null then
    insert into chat_private.notifications (chat_id, recipient_type, recipient_id, first_seq, due_at, kind)
    values (new.id, 'customer', new.customer_id::text, 1, now() + interval '60 seconds', 'transcript')
    on conflict (chat_id, recipient_type, recipient_id, kind) where state in ('pending', 'sending') do nothing;
  end if;
  return null;
end
$$;

--
-- Name: FUNCTION queue_transcript_email(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.queue_transcript_email() FROM PUBLIC;
