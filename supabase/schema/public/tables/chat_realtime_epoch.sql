-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_realtime_epoch; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_realtime_epoch (
    singleton boolean DEFAULT true NOT NULL,
    epoch bigint DEFAULT 1 NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chat_realtime_epoch_singleton_check CHECK (singleton)
);

--
-- Name: TABLE chat_realtime_epoch; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.chat_realtime_epoch IS 'The epoch in the names of the Realtime rooms with broadcast and presence (support@<epoch>); a deactivation moves it on.';

--
-- Name: chat_realtime_epoch chat_realtime_epoch_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_realtime_epoch
    ADD CONSTRAINT chat_realtime_epoch_pkey PRIMARY KEY (singleton);

--
-- Name: chat_realtime_epoch; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_realtime_epoch ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_realtime_epoch chat_realtime_epoch_read_customer_or_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_realtime_epoch_read_customer_or_admin ON public.chat_realtime_epoch FOR SELECT TO authenticated USING (((( SELECT (auth.jwt() ->> 'chat_id'::text)) IS NOT NULL) OR ( SELECT chat_private.is_chat_admin() AS is_chat_admin)));

--
-- Name: TABLE chat_realtime_epoch; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_realtime_epoch TO authenticated;

--
-- Name: COLUMN chat_realtime_epoch.singleton; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(singleton) ON TABLE public.chat_realtime_epoch TO anon;
