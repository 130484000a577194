-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_sessions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    customer_name text,
    customer_email text,
    metadata jsonb,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    closed_at timestamp with time zone,
    last_message_at timestamp with time zone,
    last_seq bigint DEFAULT 0 NOT NULL,
    last_activity_at timestamp with time zone GENERATED ALWAYS AS (COALESCE(last_message_at, created_at)) STORED,
    customer_id uuid DEFAULT gen_random_uuid() NOT NULL,
    last_message_preview text,
    assignee_id uuid,
    assignee_name text,
    waiting_since timestamp with time zone,
    site_id uuid,
    visitor_id uuid,
    identity_sub text,
    context jsonb,
    CONSTRAINT chat_sessions_context_check CHECK (((context IS NULL) OR (jsonb_typeof(context) = 'object'::text))),
    CONSTRAINT chat_sessions_customer_email_check CHECK (((customer_email IS NULL) OR ((char_length(customer_email) <= 254) AND (customer_email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'::text)))),
    CONSTRAINT chat_sessions_customer_name_check CHECK (((customer_name IS NULL) OR ((char_length(customer_name) >= 1) AND (char_length(customer_name) <= 200)))),
    CONSTRAINT chat_sessions_identity_sub_check CHECK (((identity_sub IS NULL) OR ((char_length(identity_sub) >= 1) AND (char_length(identity_sub) <= 255)))),
    CONSTRAINT chat_sessions_last_seq_check CHECK ((last_seq >= 0)),
    CONSTRAINT chat_sessions_metadata_check CHECK (((metadata IS NULL) OR (jsonb_typeof(metadata) = 'object'::text))),
    CONSTRAINT chat_sessions_status_check CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text])))
);

--
-- Name: COLUMN chat_sessions.waiting_since; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_sessions.waiting_since IS 'When the customer''s first message since the team last wrote arrived; null when nobody waits (a reply, closed).';

--
-- Name: chat_sessions chat_sessions_closed_at_check; Type: CHECK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE public.chat_sessions
    ADD CONSTRAINT chat_sessions_closed_at_check CHECK (((status = 'closed'::text) = (closed_at IS NOT NULL))) NOT VALID;

--
-- Name: chat_sessions chat_sessions_customer_check; Type: CHECK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE public.chat_sessions
    ADD CONSTRAINT chat_sessions_customer_check CHECK ((COALESCE(customer_name, customer_email) IS NOT NULL)) NOT VALID;

--
-- Name: chat_sessions chat_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_sessions
    ADD CONSTRAINT chat_sessions_pkey PRIMARY KEY (id);

--
-- Name: chat_sessions_activity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_activity_idx ON public.chat_sessions USING btree (last_activity_at DESC, id DESC);

--
-- Name: chat_sessions_assignee_activity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_assignee_activity ON public.chat_sessions USING btree (assignee_id, last_activity_at DESC, id DESC);

--
-- Name: chat_sessions_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_created ON public.chat_sessions USING btree (created_at, id);

--
-- Name: chat_sessions_customer_email_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_customer_email_trgm ON public.chat_sessions USING gin (customer_email extensions.gin_trgm_ops);

--
-- Name: chat_sessions_customer_name_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_customer_name_trgm ON public.chat_sessions USING gin (customer_name extensions.gin_trgm_ops);

--
-- Name: chat_sessions_identity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_identity ON public.chat_sessions USING btree (site_id, identity_sub, created_at DESC) WHERE (identity_sub IS NOT NULL);

--
-- Name: chat_sessions_site_activity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_site_activity ON public.chat_sessions USING btree (site_id, last_activity_at DESC, id DESC) WHERE (site_id IS NOT NULL);

--
-- Name: chat_sessions_status_activity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_status_activity_idx ON public.chat_sessions USING btree (status, last_activity_at DESC, id DESC);

--
-- Name: chat_sessions_visitor; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_visitor ON public.chat_sessions USING btree (visitor_id, created_at DESC) WHERE (visitor_id IS NOT NULL);

--
-- Name: chat_sessions_waiting; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_sessions_waiting ON public.chat_sessions USING btree (waiting_since, id) WHERE (waiting_since IS NOT NULL);

--
-- Name: chat_sessions chat_sessions_queue_transcript_email; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_sessions_queue_transcript_email AFTER UPDATE OF status ON public.chat_sessions FOR EACH ROW EXECUTE FUNCTION chat_private.queue_transcript_email();

--
-- Name: chat_sessions chat_sessions_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_sessions_touch_updated_at BEFORE UPDATE ON public.chat_sessions FOR EACH ROW EXECUTE FUNCTION chat_private.touch_updated_at();

--
-- Name: chat_sessions chat_sessions_assignee_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_sessions
    ADD CONSTRAINT chat_sessions_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES public.chat_admins(user_id);

--
-- Name: chat_sessions chat_sessions_site_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_sessions
    ADD CONSTRAINT chat_sessions_site_id_fkey FOREIGN KEY (site_id) REFERENCES public.chat_sites(id);

--
-- Name: chat_sessions chat_sessions_visitor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_sessions
    ADD CONSTRAINT chat_sessions_visitor_id_fkey FOREIGN KEY (visitor_id) REFERENCES chat_private.visitors(id);

--
-- Name: chat_sessions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_sessions chat_sessions_read_own_chat_or_admin; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_sessions_read_own_chat_or_admin ON public.chat_sessions FOR SELECT TO authenticated USING ((((id)::text = ( SELECT (auth.jwt() ->> 'chat_id'::text))) OR ( SELECT chat_private.is_chat_admin() AS is_chat_admin)));

--
-- Name: TABLE chat_sessions; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_sessions TO authenticated;

--
-- Name: COLUMN chat_sessions.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.chat_sessions TO anon;
