-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: rate_events; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.rate_events (
    bucket text NOT NULL,
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

--
-- Name: rate_events_at_idx; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX rate_events_at_idx ON chat_private.rate_events USING btree (at);

--
-- Name: rate_events_bucket_at_idx; Type: INDEX; Schema: chat_private; Owner: -
--

CREATE INDEX rate_events_bucket_at_idx ON chat_private.rate_events USING btree (bucket, at);
