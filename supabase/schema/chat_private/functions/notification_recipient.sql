-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: notification_recipient(chat_private.notifications, public.chat_sessions); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.notification_recipient(n chat_private.notifications, s public.chat_sessions, OUT recipient jsonb, OUT skipped_because text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  a public.chat_admins;
  address text;
  name text;
  pushes jsonb := chat_private.push_targets(n);
  email_reason text;
begin
  if n.recipient_type = 'customer' then
    name := s.customer_name;
    if exists (select 1 from chat_private.customer_email_optouts o where o.chat_id = s.id) then
      email_reason := 'opted_out';
    else
      address := s.customer_email;
    end if;
  else
    select * into a from public.chat_admins where user_id::text = n.recipient_id;
    if a.user_id is null or a.deactivated_at is not null then
      skipped_because := 'deactivated';
      return;
    end if;
    name := a.display_name;
    if not chat_private.admin_routed(a, s) then
      skipped_because := 'preference';
      return;
    end if;
    if chat_private.admin_wants_email(a, s) then
      address := a.email;
    else
      email_reason := 'preference';
    end if;
  end if;
  if address is not null and exists (select 1 from chat_private.email_suppressions x
                                     where x.email_sha256 = chat_private.email_sha256(address)) then
    address := null;
    email_reason := 'suppressed';
  end if;
  if address is null and jsonb_array_length(pushes) = 0 then
    skipped_because := coalesce(email_reason, 'suppressed');
    return;
  end if;
  recipient := jsonb_build_object('email', address, 'name', name, 'push', pushes);
end
$$;

--
-- Name: FUNCTION notification_recipient(n chat_private.notifications, s public.chat_sessions, OUT recipient jsonb, OUT skipped_because text); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.notification_recipient(n chat_private.notifications, s public.chat_sessions, OUT recipient jsonb, OUT skipped_because text) FROM PUBLIC;
