-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: export_files; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.export_files (
    chat_id uuid NOT NULL,
    key text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT export_files_key_check CHECK ((key ~ '^exports/[a-z]+/[0-9a-f-]{36}\.[a-z]+$'::text))
);

--
-- Name: TABLE export_files; Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON TABLE chat_private.export_files IS 'Which chats each export file in S3 holds (exports/bulk/, exports/customers/), so erasing a chat deletes the files that hold it.';

--
-- Name: export_files export_files_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.export_files
    ADD CONSTRAINT export_files_pkey PRIMARY KEY (chat_id, key);

--
-- Name: export_files_created; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX export_files_created ON chat_private.export_files USING btree (created_at);

--
-- Name: export_files export_files_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.export_files
    ADD CONSTRAINT export_files_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id) ON DELETE CASCADE;

--
-- Name: export_files; Type: ROW SECURITY; Schema: chat_private; Owner: -
--

ALTER TABLE chat_private.export_files ENABLE ROW LEVEL SECURITY;
