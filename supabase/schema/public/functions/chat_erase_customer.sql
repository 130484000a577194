-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_erase_customer(text, uuid[], integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  email text := chat_private.valid_email(p_email);
  found uuid[];
  counts jsonb;
begin
  perform chat_private.require_owner(p_caller);
  select coalesce(array_agg(s.id order by s.id), '{}') into found
  from (select id from public.chat_sessions where lower(customer_email) = email for update) s;
  if found is distinct from (select coalesce(array_agg(x order by x), '{}') from unnest(p_chat_ids) x) then
    raise sqlstate 'PT409' using message = 'this customer''s chats changed meanwhile: erase again';
  end if;
  counts := chat_private.erase_chats(found);
  insert into chat_private.erasures (erased_by, reason, subject_sha256, chats, messages, notes, objects)
  values (p_caller, 'customer_request', encode(sha256(convert_to(email, 'UTF8')), 'hex'),
          (counts ->> 'chats')::integer, (counts ->> 'messages')::integer, (counts ->> 'notes')::integer,
          coalesce(p_objects, 0));
  return counts || jsonb_build_object('objects', coalesce(p_objects, 0), 'erased_at', now());
end
$$;

--
-- Name: FUNCTION chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text) IS 'POST /chat-session/customer-data/erase (owner): erases one customer email''s chats, with an audit record.';

--
-- Name: FUNCTION chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_erase_customer(p_email text, p_chat_ids uuid[], p_objects integer, p_caller text) TO service_role;
