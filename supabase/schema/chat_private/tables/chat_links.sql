-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_links; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.chat_links (
    chat_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chat_links_token_hash_check CHECK ((octet_length(token_hash) = 32))
);

--
-- Name: chat_links chat_links_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.chat_links
    ADD CONSTRAINT chat_links_pkey PRIMARY KEY (chat_id);

--
-- Name: chat_links chat_links_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.chat_links
    ADD CONSTRAINT chat_links_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);
