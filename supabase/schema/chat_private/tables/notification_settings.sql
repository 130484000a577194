-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: notification_settings; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.notification_settings (
    singleton boolean DEFAULT true NOT NULL,
    delay_seconds integer NOT NULL,
    max_attempts integer NOT NULL,
    claim_timeout_seconds integer NOT NULL,
    email_after_push_seconds integer DEFAULT 600 NOT NULL,
    CONSTRAINT notification_settings_claim_timeout_seconds_check CHECK (((claim_timeout_seconds >= 30) AND (claim_timeout_seconds <= 3600))),
    CONSTRAINT notification_settings_delay_seconds_check CHECK (((delay_seconds >= 0) AND (delay_seconds <= 86400))),
    CONSTRAINT notification_settings_email_after_push_seconds_check CHECK (((email_after_push_seconds >= 60) AND (email_after_push_seconds <= 86400))),
    CONSTRAINT notification_settings_max_attempts_check CHECK (((max_attempts >= 1) AND (max_attempts <= 20))),
    CONSTRAINT notification_settings_singleton_check CHECK (singleton)
);

--
-- Name: notification_settings notification_settings_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.notification_settings
    ADD CONSTRAINT notification_settings_pkey PRIMARY KEY (singleton);
