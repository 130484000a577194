-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: email_suppressions; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.email_suppressions (
    reason text NOT NULL,
    detail text,
    suppressed_at timestamp with time zone DEFAULT now() NOT NULL,
    email_sha256 bytea NOT NULL,
    CONSTRAINT email_suppressions_detail_check CHECK ((char_length(detail) <= 500)),
    CONSTRAINT email_suppressions_reason_check CHECK ((reason = ANY (ARRAY['bounce'::text, 'complaint'::text])))
);

--
-- Name: email_suppressions email_suppressions_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.email_suppressions
    ADD CONSTRAINT email_suppressions_pkey PRIMARY KEY (email_sha256);
