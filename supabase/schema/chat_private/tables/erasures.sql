-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: erasures; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.erasures (
    id bigint NOT NULL,
    erased_at timestamp with time zone DEFAULT now() NOT NULL,
    erased_by text NOT NULL,
    reason text NOT NULL,
    subject_sha256 text,
    chats integer NOT NULL,
    messages integer NOT NULL,
    notes integer NOT NULL,
    objects integer NOT NULL,
    CONSTRAINT erasures_chats_check CHECK ((chats >= 0)),
    CONSTRAINT erasures_erased_by_check CHECK (((char_length(erased_by) >= 1) AND (char_length(erased_by) <= 100))),
    CONSTRAINT erasures_messages_check CHECK ((messages >= 0)),
    CONSTRAINT erasures_notes_check CHECK ((notes >= 0)),
    CONSTRAINT erasures_objects_check CHECK ((objects >= 0)),
    CONSTRAINT erasures_reason_check CHECK ((reason = ANY (ARRAY['customer_request'::text, 'retention'::text]))),
    CONSTRAINT erasures_subject_sha256_check CHECK ((subject_sha256 ~ '^[0-9a-f]{64}$'::text))
);

--
-- Name: erasures_id_seq; Type: SEQUENCE; Schema: chat_private; Owner: -
--

CREATE SEQUENCE chat_private.erasures_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: erasures_id_seq; Type: SEQUENCE OWNED BY; Schema: chat_private; Owner: -
--

ALTER SEQUENCE chat_private.erasures_id_seq OWNED BY chat_private.erasures.id;

--
-- Name: erasures id; Type: DEFAULT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.erasures ALTER COLUMN id SET DEFAULT nextval('chat_private.erasures_id_seq'::regclass);

--
-- Name: erasures erasures_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.erasures
    ADD CONSTRAINT erasures_pkey PRIMARY KEY (id);
