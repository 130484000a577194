-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: rate_limits; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.rate_limits (
    action text NOT NULL,
    max_events integer NOT NULL,
    per_seconds integer NOT NULL,
    CONSTRAINT rate_limits_max_events_check CHECK ((max_events > 0)),
    CONSTRAINT rate_limits_per_seconds_check CHECK ((per_seconds > 0))
);

--
-- Name: rate_limits rate_limits_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.rate_limits
    ADD CONSTRAINT rate_limits_pkey PRIMARY KEY (action);
