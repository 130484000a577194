-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_notes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_notes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    chat_id uuid NOT NULL,
    author_id uuid NOT NULL,
    author_name text NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chat_notes_body_check CHECK (((char_length(body) <= 4000) AND (btrim(body) <> ''::text)))
);

--
-- Name: chat_notes chat_notes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_notes
    ADD CONSTRAINT chat_notes_pkey PRIMARY KEY (id);

--
-- Name: chat_notes_chat_created_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_notes_chat_created_id ON public.chat_notes USING btree (chat_id, created_at DESC, id DESC);

--
-- Name: chat_notes chat_notes_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_notes
    ADD CONSTRAINT chat_notes_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.chat_admins(user_id);

--
-- Name: chat_notes chat_notes_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_notes
    ADD CONSTRAINT chat_notes_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: chat_notes; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_notes ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_notes chat_notes_read_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_notes_read_admin ON public.chat_notes FOR SELECT TO authenticated USING (( SELECT chat_private.is_chat_admin() AS is_chat_admin));

--
-- Name: TABLE chat_notes; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_notes TO authenticated;

--
-- Name: COLUMN chat_notes.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.chat_notes TO anon;
