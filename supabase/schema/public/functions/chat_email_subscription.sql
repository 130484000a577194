-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_email_subscription(text, text, uuid, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.chat_sessions;
  a public.chat_admins;
begin
  perform chat_private.spend_for('unsubscribe_per_recipient', format('unsubscribe:%s:%s:%s', p_recipient_type, p_recipient_id, p_chat_id));
  select * into s from public.chat_sessions where id = p_chat_id;
  if p_recipient_type = 'customer' then
    if s.id is null or s.customer_id::text is distinct from p_recipient_id then
      raise sqlstate 'PT404' using message = 'no such chat';
    end if;
    if p_subscribed then
      delete from chat_private.customer_email_optouts where chat_id = s.id;
    elsif p_subscribed is not null then
      insert into chat_private.customer_email_optouts (chat_id) values (s.id) on conflict do nothing;
    end if;
    return jsonb_build_object(
      'recipient_type', 'customer', 'scope', 'chat',
      'subscribed', not exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id));
  elsif p_recipient_type = 'admin' then
    select * into a from public.chat_admins where user_id::text = p_recipient_id and deactivated_at is null;
    if a.user_id is null then
      raise sqlstate 'PT404' using message = 'no such admin';
    end if;
    if p_subscribed is not null then
      update public.chat_admins set email_notifications = case when p_subscribed then 'all' else 'off' end
      where user_id = a.user_id returning * into a;
    end if;
    return jsonb_build_object(
      'recipient_type', 'admin', 'scope', 'account', 'subscribed', a.email_notifications <> 'off');
  end if;
  raise sqlstate 'PT400' using message = 'the recipient is a customer or an admin';
end
$$;

--
-- Name: FUNCTION chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean) IS 'POST /chat-session/unsubscribe (the email''s signed token): stop (or restart) unread-message emails; GET says how they stand.';

--
-- Name: FUNCTION chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_email_subscription(p_recipient_type text, p_recipient_id text, p_chat_id uuid, p_subscribed boolean) TO service_role;
