-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: site_keys; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.site_keys (
    site_id uuid NOT NULL,
    kid text NOT NULL,
    public_jwk jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT site_keys_kid_check CHECK (((char_length(kid) >= 1) AND (char_length(kid) <= 100))),
    CONSTRAINT site_keys_public_jwk_check CHECK (((jsonb_typeof(public_jwk) = 'object'::text) AND (NOT (public_jwk ? 'd'::text))))
);

--
-- Name: site_keys site_keys_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.site_keys
    ADD CONSTRAINT site_keys_pkey PRIMARY KEY (site_id, kid);

--
-- Name: site_keys site_keys_site_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.site_keys
    ADD CONSTRAINT site_keys_site_id_fkey FOREIGN KEY (site_id) REFERENCES public.chat_sites(id) ON DELETE CASCADE;
