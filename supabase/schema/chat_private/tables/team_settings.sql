-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: team_settings; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.team_settings (
    singleton boolean DEFAULT true NOT NULL,
    auto_assign text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid,
    CONSTRAINT team_settings_auto_assign_check CHECK ((auto_assign = ANY (ARRAY['off'::text, 'round_robin'::text]))),
    CONSTRAINT team_settings_singleton_check CHECK (singleton)
);

--
-- Name: TABLE team_settings; Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON TABLE chat_private.team_settings IS 'The team''s settings (one row, once an owner chose): auto_assign for new chats; null columns: the deployment''s default.';

--
-- Name: team_settings team_settings_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.team_settings
    ADD CONSTRAINT team_settings_pkey PRIMARY KEY (singleton);
