-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: saved_replies; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.saved_replies (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    updated_by uuid NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT saved_replies_body_check CHECK (((char_length(body) <= 4000) AND (btrim(body) <> ''::text))),
    CONSTRAINT saved_replies_title_check CHECK (((char_length(btrim(title)) >= 1) AND (char_length(btrim(title)) <= 100)))
);

--
-- Name: saved_replies saved_replies_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.saved_replies
    ADD CONSTRAINT saved_replies_pkey PRIMARY KEY (id);

--
-- Name: saved_replies_title; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE UNIQUE INDEX saved_replies_title ON chat_private.saved_replies USING btree (lower(title));

--
-- Name: saved_replies_title_id; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX saved_replies_title_id ON chat_private.saved_replies USING btree (lower(title), id);

--
-- Name: saved_replies saved_replies_updated_by_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.saved_replies
    ADD CONSTRAINT saved_replies_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.chat_admins(user_id);
