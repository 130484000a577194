-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: send_rate_limit; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.send_rate_limit (
    singleton boolean DEFAULT true NOT NULL,
    max_messages integer NOT NULL,
    per_seconds integer NOT NULL,
    CONSTRAINT send_rate_limit_max_messages_check CHECK ((max_messages > 0)),
    CONSTRAINT send_rate_limit_per_seconds_check CHECK ((per_seconds > 0)),
    CONSTRAINT send_rate_limit_singleton_check CHECK (singleton)
);

--
-- Name: send_rate_limit send_rate_limit_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.send_rate_limit
    ADD CONSTRAINT send_rate_limit_pkey PRIMARY KEY (singleton);
