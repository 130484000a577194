-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: notifications; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.notifications (
    id bigint NOT NULL,
    chat_id uuid NOT NULL,
    recipient_type text NOT NULL,
    recipient_id text NOT NULL,
    first_seq bigint NOT NULL,
    due_at timestamp with time zone NOT NULL,
    state text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    claimed_at timestamp with time zone,
    claimed_by text,
    finished_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    skipped_because text,
    stage text DEFAULT 'first'::text NOT NULL,
    kind text DEFAULT 'unread'::text NOT NULL,
    CONSTRAINT notifications_first_seq_check CHECK ((first_seq >= 1)),
    CONSTRAINT notifications_kind_check CHECK ((kind = ANY (ARRAY['unread'::text, 'transcript'::text]))),
    CONSTRAINT notifications_last_error_check CHECK ((char_length(last_error) <= 500)),
    CONSTRAINT notifications_recipient_id_check CHECK (((char_length(recipient_id) >= 1) AND (char_length(recipient_id) <= 100))),
    CONSTRAINT notifications_recipient_type_check CHECK ((recipient_type = ANY (ARRAY['admin'::text, 'customer'::text]))),
    CONSTRAINT notifications_skipped_because_check CHECK ((skipped_because = ANY (ARRAY['read'::text, 'closed'::text, 'deactivated'::text, 'opted_out'::text, 'suppressed'::text, 'preference'::text, 'reopened'::text]))),
    CONSTRAINT notifications_stage_check CHECK ((stage = ANY (ARRAY['first'::text, 'email'::text]))),
    CONSTRAINT notifications_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'skipped'::text, 'failed'::text])))
);

--
-- Name: notifications_id_seq; Type: SEQUENCE; Schema: chat_private; Owner: -
--

CREATE SEQUENCE chat_private.notifications_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: notifications_id_seq; Type: SEQUENCE OWNED BY; Schema: chat_private; Owner: -
--

ALTER SEQUENCE chat_private.notifications_id_seq OWNED BY chat_private.notifications.id;

--
-- Name: notifications id; Type: DEFAULT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.notifications ALTER COLUMN id SET DEFAULT nextval('chat_private.notifications_id_seq'::regclass);

--
-- Name: notifications notifications_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.notifications
    ADD CONSTRAINT notifications_pkey PRIMARY KEY (id);

--
-- Name: notifications_due; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX notifications_due ON chat_private.notifications USING btree (due_at) WHERE (state = ANY (ARRAY['pending'::text, 'sending'::text]));

--
-- Name: notifications_open_window; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE UNIQUE INDEX notifications_open_window ON chat_private.notifications USING btree (chat_id, recipient_type, recipient_id, kind) WHERE (state = ANY (ARRAY['pending'::text, 'sending'::text]));

--
-- Name: notifications notifications_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.notifications
    ADD CONSTRAINT notifications_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id);
