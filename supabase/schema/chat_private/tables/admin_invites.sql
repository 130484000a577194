-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: admin_invites; Type: TABLE; Schema: chat_private; Owner: -
--

CREATE TABLE chat_private.admin_invites (
    email text NOT NULL,
    display_name text NOT NULL,
    role text NOT NULL,
    invited_by uuid,
    invited_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT admin_invites_display_name_check CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 100))),
    CONSTRAINT admin_invites_email_check CHECK (((email = lower(email)) AND ((char_length(email) >= 3) AND (char_length(email) <= 254)))),
    CONSTRAINT admin_invites_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'agent'::text])))
);

--
-- Name: admin_invites admin_invites_pkey; Type: CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.admin_invites
    ADD CONSTRAINT admin_invites_pkey PRIMARY KEY (email);

--
-- Name: admin_invites admin_invites_invited_by_fkey; Type: FK CONSTRAINT; Schema: chat_private; Owner: -
--

ALTER TABLE ONLY chat_private.admin_invites
    ADD CONSTRAINT admin_invites_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES public.chat_admins(user_id);
