-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: spend(text, integer, integer, boolean); Type: FUNCTION; Schema: chat_private; Owner: -
--

CREATE FUNCTION chat_private.spend(bucket text, max_events integer, per_seconds integer, record boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  window_start timestamptz := clock_timestamp() - make_interval(secs => per_seconds);
  used integer;
  oldest timestamptz;
begin
  perform pg_advisory_xact_lock(hashtextextended('rate:' || bucket, 0));
  delete from chat_private.rate_events e where e.bucket = spend.bucket and e.at <= window_start;
  if random() < 0.01 then  -- now and then, what buckets never visited again left behind
    delete from chat_private.rate_events e where e.at < clock_timestamp() - interval '1 day';
  end if;
  select count(*), min(e.at) into used, oldest from chat_private.rate_events e where e.bucket = spend.bucket;
  if used >= max_events then
    raise sqlstate 'PT429' using
      message = format('at most %s in %s seconds; try again later', max_events, per_seconds),
      detail = greatest(1, ceil(extract(epoch from oldest - window_start)))::integer::text;
  end if;
  if record then
    insert into chat_private.rate_events (bucket) values (spend.bucket);
  end if;
end
$$;

--
-- Name: FUNCTION spend(bucket text, max_events integer, per_seconds integer, record boolean); Type: COMMENT; Schema: chat_private; Owner: -
--

COMMENT ON FUNCTION chat_private.spend(bucket text, max_events integer, per_seconds integer, record boolean) IS 'The rate budgets (join, create, rotate, read): spends one event under a key, or raises PT429 with the wait.';

--
-- Name: FUNCTION spend(bucket text, max_events integer, per_seconds integer, record boolean); Type: ACL; Schema: chat_private; Owner: -
--

REVOKE ALL ON FUNCTION chat_private.spend(bucket text, max_events integer, per_seconds integer, record boolean) FROM PUBLIC;
