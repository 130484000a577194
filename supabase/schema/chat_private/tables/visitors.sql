-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: visitors; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.visitors (
    id uuid NOT NULL,
    site_id uuid NOT NULL,
    credential_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT visitors_credential_hash_check CHECK ((octet_length(credential_hash) = 32))
);

--
-- Name: visitors visitors_credential_hash_key; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.visitors
    ADD CONSTRAINT visitors_credential_hash_key UNIQUE (credential_hash);

--
-- Name: visitors visitors_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.visitors
    ADD CONSTRAINT visitors_pkey PRIMARY KEY (id);

--
-- Name: visitors visitors_site_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.visitors
    ADD CONSTRAINT visitors_site_id_fkey FOREIGN KEY (site_id) REFERENCES public.chat_sites(id);
