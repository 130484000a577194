-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_read_cursors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_read_cursors (
    chat_id uuid NOT NULL,
    reader_type text NOT NULL,
    reader_id text NOT NULL,
    seq bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chat_read_cursors_reader_id_check CHECK (((char_length(reader_id) >= 1) AND (char_length(reader_id) <= 100))),
    CONSTRAINT chat_read_cursors_reader_type_check CHECK ((reader_type = ANY (ARRAY['admin'::text, 'customer'::text]))),
    CONSTRAINT chat_read_cursors_seq_check CHECK ((seq >= 0))
);

--
-- Name: chat_read_cursors chat_read_cursors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_read_cursors
    ADD CONSTRAINT chat_read_cursors_pkey PRIMARY KEY (chat_id, reader_type, reader_id);

--
-- Name: chat_read_cursors chat_read_cursors_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_read_cursors
    ADD CONSTRAINT chat_read_cursors_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: chat_read_cursors; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_read_cursors ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_read_cursors chat_read_cursors_read_own_chat_or_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_read_cursors_read_own_chat_or_admin ON public.chat_read_cursors FOR SELECT TO authenticated USING ((((chat_id)::text = ( SELECT (auth.jwt() ->> 'chat_id'::text))) OR ( SELECT chat_private.is_chat_admin() AS is_chat_admin)));

--
-- Name: TABLE chat_read_cursors; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_read_cursors TO authenticated;

--
-- Name: COLUMN chat_read_cursors.chat_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(chat_id) ON TABLE public.chat_read_cursors TO anon;
