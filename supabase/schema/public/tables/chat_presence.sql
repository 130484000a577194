-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_presence; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_presence (
    chat_id uuid NOT NULL,
    present boolean NOT NULL,
    seen_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: chat_presence chat_presence_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_presence
    ADD CONSTRAINT chat_presence_pkey PRIMARY KEY (chat_id);

--
-- Name: chat_presence chat_presence_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_presence
    ADD CONSTRAINT chat_presence_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);

--
-- Name: chat_presence; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_presence ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_presence chat_presence_read_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_presence_read_admin ON public.chat_presence FOR SELECT TO authenticated USING (( SELECT chat_private.is_chat_admin() AS is_chat_admin));

--
-- Name: TABLE chat_presence; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_presence TO authenticated;

--
-- Name: COLUMN chat_presence.chat_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(chat_id) ON TABLE public.chat_presence TO anon;
