-- Written by `make schema` from supabase/migrations; never edited by hand.

-- Realtime's postgres_changes: the tables in the supabase_realtime publication. A change to
-- any other table reaches no subscriber; RLS on each decides who gets a row.

ALTER PUBLICATION supabase_realtime ADD TABLE public.chat_admins;
ALTER PUBLICATION supabase_realtime ADD TABLE public.chat_messages;
ALTER PUBLICATION supabase_realtime ADD TABLE public.chat_notes;
ALTER PUBLICATION supabase_realtime ADD TABLE public.chat_presence;
ALTER PUBLICATION supabase_realtime ADD TABLE public.chat_read_cursors;
ALTER PUBLICATION supabase_realtime ADD TABLE public.chat_realtime_epoch;
ALTER PUBLICATION supabase_realtime ADD TABLE public.chat_sessions;

-- Realtime authorization (broadcast, presence): our policies on realtime.messages

CREATE POLICY "chat_topics_receive" ON realtime.messages AS PERMISSIVE FOR SELECT TO authenticated
  USING (((extension = ANY (ARRAY['broadcast'::text, 'presence'::text])) AND ( SELECT chat_private.may_use_topic(realtime.topic()) AS may_use_topic)));

CREATE POLICY "chat_topics_send" ON realtime.messages AS PERMISSIVE FOR INSERT TO authenticated
  WITH CHECK (((extension = ANY (ARRAY['broadcast'::text, 'presence'::text])) AND ( SELECT chat_private.may_write_topic(realtime.topic()) AS may_write_topic)));
