-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_sites; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_sites (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    site_key text DEFAULT ('site_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)) NOT NULL,
    name text NOT NULL,
    origins text[] NOT NULL,
    identity_mode text DEFAULT 'off'::text NOT NULL,
    name_field text DEFAULT 'optional'::text NOT NULL,
    email_field text DEFAULT 'optional'::text NOT NULL,
    welcome_line text,
    colour text DEFAULT '#1d4ed8'::text NOT NULL,
    "position" text DEFAULT 'right'::text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chat_sites_colour_check CHECK ((colour ~ '^#[0-9a-f]{6}$'::text)),
    CONSTRAINT chat_sites_email_field_check CHECK ((email_field = ANY (ARRAY['hidden'::text, 'optional'::text, 'required'::text]))),
    CONSTRAINT chat_sites_identity_mode_check CHECK ((identity_mode = ANY (ARRAY['off'::text, 'optional'::text, 'required'::text]))),
    CONSTRAINT chat_sites_name_check CHECK ((((char_length(name) >= 1) AND (char_length(name) <= 100)) AND (name = btrim(name)))),
    CONSTRAINT chat_sites_name_field_check CHECK ((name_field = ANY (ARRAY['hidden'::text, 'optional'::text, 'required'::text]))),
    CONSTRAINT chat_sites_origins_check CHECK (chat_private.are_web_origins(origins)),
    CONSTRAINT chat_sites_position_check CHECK (("position" = ANY (ARRAY['left'::text, 'right'::text]))),
    CONSTRAINT chat_sites_welcome_line_check CHECK (((welcome_line IS NULL) OR ((char_length(welcome_line) >= 1) AND (char_length(welcome_line) <= 300))))
);

--
-- Name: TABLE chat_sites; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.chat_sites IS 'The websites the widget runs on: who may frame it and start chats, and how it looks.';

--
-- Name: chat_sites chat_sites_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_sites
    ADD CONSTRAINT chat_sites_pkey PRIMARY KEY (id);

--
-- Name: chat_sites chat_sites_site_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_sites
    ADD CONSTRAINT chat_sites_site_key_key UNIQUE (site_key);

--
-- Name: chat_sites chat_sites_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_sites_touch_updated_at BEFORE UPDATE ON public.chat_sites FOR EACH ROW EXECUTE FUNCTION chat_private.touch_updated_at();

--
-- Name: chat_sites; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_sites ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_sites chat_sites_read_by_admins; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_sites_read_by_admins ON public.chat_sites FOR SELECT TO authenticated USING (( SELECT chat_private.is_chat_admin() AS is_chat_admin));

--
-- Name: TABLE chat_sites; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_sites TO authenticated;
