-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: next_assignee(); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.next_assignee() RETURNS public.chat_admins
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  chosen public.chat_admins;
begin
  perform pg_advisory_xact_lock(hashtext('chat_private.next_assignee'));
  select * into chosen from public.chat_admins a
  where a.online and a.seen_at > now() - interval '150 seconds' and a.deactivated_at is null
  order by a.last_assigned_at nulls first, a.user_id
  limit 1;
  if found then
    update public.chat_admins set last_assigned_at = clock_timestamp() where user_id = chosen.user_id;
  end if;
  return chosen;
end
$$;

--
-- Name: FUNCTION next_assignee(); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.next_assignee() IS 'POST /chat-session with automatic assignment on: the online admin whose turn it is (round robin), or none.';

--
-- Name: FUNCTION next_assignee(); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.next_assignee() FROM PUBLIC;
