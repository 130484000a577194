-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: notification_digest(chat_private.notifications); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.notification_digest(n chat_private.notifications) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'seq', m.seq, 'created_at', m.created_at, 'sender_type', m.sender_type,
           'sender_name', m.sender_name, 'content', m.content,
           'attachments', (select coalesce(jsonb_agg(a ->> 'name'), '[]') from jsonb_array_elements(m.attachments) a))
         order by m.seq), '[]')
  from (
    select * from public.chat_messages m
    where m.chat_id = n.chat_id and m.seq >= n.first_seq and m.sender_type <> n.recipient_type
      and m.seq > coalesce((select c.seq from public.chat_read_cursors c
                            where c.chat_id = n.chat_id and c.reader_type = n.recipient_type
                              and c.reader_id = n.recipient_id), 0)
    order by m.seq desc
    limit 20
  ) m
$$;

--
-- Name: FUNCTION notification_digest(n chat_private.notifications); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.notification_digest(n chat_private.notifications) FROM PUBLIC;
