-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: customer_email_optouts; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.customer_email_optouts (
    chat_id uuid NOT NULL,
    opted_out_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: customer_email_optouts customer_email_optouts_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.customer_email_optouts
    ADD CONSTRAINT customer_email_optouts_pkey PRIMARY KEY (chat_id);

--
-- Name: customer_email_optouts customer_email_optouts_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.customer_email_optouts
    ADD CONSTRAINT customer_email_optouts_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id) ON DELETE CASCADE;
