-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: push_subscriptions; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.push_subscriptions (
    id bigint NOT NULL,
    subscriber_type text NOT NULL,
    subscriber_id text NOT NULL,
    chat_id uuid,
    endpoint text NOT NULL,
    p256dh text NOT NULL,
    auth text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_pushed_at timestamp with time zone,
    CONSTRAINT push_subscriptions_auth_check CHECK ((auth ~ '^[A-Za-z0-9_-]{16,30}$'::text)),
    CONSTRAINT push_subscriptions_check CHECK (((subscriber_type = 'customer'::text) = (chat_id IS NOT NULL))),
    CONSTRAINT push_subscriptions_endpoint_check CHECK (((char_length(endpoint) >= 10) AND (char_length(endpoint) <= 1000))),
    CONSTRAINT push_subscriptions_p256dh_check CHECK ((p256dh ~ '^[A-Za-z0-9_-]{80,100}$'::text)),
    CONSTRAINT push_subscriptions_subscriber_id_check CHECK (((char_length(subscriber_id) >= 1) AND (char_length(subscriber_id) <= 100))),
    CONSTRAINT push_subscriptions_subscriber_type_check CHECK ((subscriber_type = ANY (ARRAY['admin'::text, 'customer'::text])))
);

--
-- Name: push_subscriptions_id_seq; Type: SEQUENCE; Schema: chat_private; Owner: -
--

CREATE SEQUENCE chat_private.push_subscriptions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: push_subscriptions_id_seq; Type: SEQUENCE OWNED BY; Schema: chat_private; Owner: -
--

ALTER SEQUENCE chat_private.push_subscriptions_id_seq OWNED BY chat_private.push_subscriptions.id;

--
-- Name: push_subscriptions id; Type: DEFAULT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.push_subscriptions ALTER COLUMN id SET DEFAULT nextval('chat_private.push_subscriptions_id_seq'::regclass);

--
-- Name: push_subscriptions push_subscriptions_endpoint_key; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.push_subscriptions
    ADD CONSTRAINT push_subscriptions_endpoint_key UNIQUE (endpoint);

--
-- Name: push_subscriptions push_subscriptions_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.push_subscriptions
    ADD CONSTRAINT push_subscriptions_pkey PRIMARY KEY (id);

--
-- Name: push_subscriptions_chat; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX push_subscriptions_chat ON chat_private.push_subscriptions USING btree (chat_id) WHERE (chat_id IS NOT NULL);

--
-- Name: push_subscriptions_subscriber; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX push_subscriptions_subscriber ON chat_private.push_subscriptions USING btree (subscriber_type, subscriber_id);

--
-- Name: push_subscriptions push_subscriptions_chat_id_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.push_subscriptions
    ADD CONSTRAINT push_subscriptions_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chat_sessions(id) ON DELETE CASCADE;
