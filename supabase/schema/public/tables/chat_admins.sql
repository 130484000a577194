-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_admins; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_admins (
    user_id uuid NOT NULL,
    display_name text NOT NULL,
    email text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    online boolean DEFAULT false NOT NULL,
    seen_at timestamp with time zone,
    last_assigned_at timestamp with time zone,
    role text DEFAULT 'agent'::text NOT NULL,
    deactivated_at timestamp with time zone,
    email_notifications text DEFAULT 'all'::text NOT NULL,
    CONSTRAINT chat_admins_display_name_check CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 100))),
    CONSTRAINT chat_admins_email_check CHECK ((char_length(email) <= 254)),
    CONSTRAINT chat_admins_email_notifications_check CHECK ((email_notifications = ANY (ARRAY['all'::text, 'assigned'::text, 'off'::text]))),
    CONSTRAINT chat_admins_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'agent'::text])))
);

--
-- Name: COLUMN chat_admins.email_notifications; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_admins.email_notifications IS 'Unread-message emails: all (every chat routed to this admin), assigned (only its own chats), off.';

--
-- Name: chat_admins chat_admins_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_admins
    ADD CONSTRAINT chat_admins_pkey PRIMARY KEY (user_id);

--
-- Name: chat_admins chat_admins_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_admins
    ADD CONSTRAINT chat_admins_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

--
-- Name: chat_admins; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_admins ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_admins chat_admins_read_own_access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_admins_read_own_access ON public.chat_admins FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

--
-- Name: COLUMN chat_admins.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(user_id) ON TABLE public.chat_admins TO authenticated;

--
-- Name: COLUMN chat_admins.role; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(role) ON TABLE public.chat_admins TO authenticated;

--
-- Name: COLUMN chat_admins.deactivated_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(deactivated_at) ON TABLE public.chat_admins TO authenticated;
