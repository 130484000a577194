-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_messages (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    chat_id uuid NOT NULL,
    sender_type text NOT NULL,
    sender_id text,
    content text NOT NULL,
    seq bigint NOT NULL,
    client_msg_id uuid,
    sender_name text,
    attachments jsonb DEFAULT '[]'::jsonb NOT NULL,
    CONSTRAINT chat_messages_attachments_check CHECK (((jsonb_typeof(attachments) = 'array'::text) AND (jsonb_array_length(attachments) <= 5))),
    CONSTRAINT chat_messages_content_check CHECK (((char_length(content) <= 4000) AND ((btrim(content, ' 	
'::text) <> ''::text) OR (jsonb_array_length(attachments) > 0)))),
    CONSTRAINT chat_messages_sender_name_check CHECK (((sender_name IS NULL) OR ((char_length(sender_name) >= 1) AND (char_length(sender_name) <= 100)))),
    CONSTRAINT chat_messages_sender_type_check CHECK ((sender_type = ANY (ARRAY['admin'::text, 'customer'::text]))),
    CONSTRAINT chat_messages_seq_check CHECK ((seq >= 1))
);

--
-- Name: chat_messages chat_messages_chat_client_msg_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_chat_client_msg_id_key UNIQUE (chat_id, client_msg_id);

--
-- Name: chat_messages chat_messages_chat_seq_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_chat_seq_key UNIQUE (chat_id, seq);

--
-- Name: chat_messages chat_messages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_pkey PRIMARY KEY (id);

--
-- Name: chat_messages_content_words; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_messages_content_words ON public.chat_messages USING gin (to_tsvector('simple'::regconfig, content));

--
-- Name: chat_messages chat_messages_open_notification_windows; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_messages_open_notification_windows AFTER INSERT ON public.chat_messages FOR EACH ROW EXECUTE FUNCTION chat_private.open_notification_windows();

--
-- Name: chat_messages chat_messages_send_rate_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_messages_send_rate_limit BEFORE INSERT ON public.chat_messages FOR EACH ROW EXECUTE FUNCTION chat_private.enforce_send_rate_limit();

--
-- Name: chat_messages chat_messages_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: chat_messages; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_messages ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_messages chat_messages_read_own_chat_or_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_messages_read_own_chat_or_admin ON public.chat_messages FOR SELECT TO authenticated USING ((((chat_id)::text = ( SELECT (auth.jwt() ->> 'chat_id'::text))) OR ( SELECT chat_private.is_chat_admin() AS is_chat_admin)));

--
-- Name: TABLE chat_messages; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_messages TO authenticated;

--
-- Name: COLUMN chat_messages.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.chat_messages TO anon;
