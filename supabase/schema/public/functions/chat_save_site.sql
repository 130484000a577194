-- Written by `make schema` from supabase/migrations; never edited by hand.

--
-- Name: chat_save_site(text, uuid, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.chat_save_site(p_admin_id text, p_site_id uuid, p_changes jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  site public.chat_sites;
  field text;
begin
  perform chat_private.require_owner(p_admin_id);
  perform chat_private.spend_for('site_update_per_owner', format('site:%s', p_admin_id));
  for field in select jsonb_object_keys(p_changes) loop
    if field not in ('name', 'origins', 'identity_mode', 'name_field', 'email_field', 'welcome_line', 'colour',
                     'position', 'active') then
      raise sqlstate 'PT400' using message = format('%s is not a site setting', field);
    end if;
  end loop;
  if p_site_id is null then
    if not (p_changes ? 'name' and p_changes ? 'origins') then
      raise sqlstate 'PT400' using message = 'a new site needs a name and its origins';
    end if;
    insert into public.chat_sites (name, origins) values (p_changes ->> 'name', array(select jsonb_array_elements_text(p_changes -> 'origins')))
    returning * into site;
  else
    select * into site from public.chat_sites where id = p_site_id for update;
    if not found then
      raise sqlstate 'PT404' using message = 'no such site', hint = 'site_not_found';
    end if;
  end if;
  update public.chat_sites s set
    name = coalesce(p_changes ->> 'name', s.name),
    origins = coalesce(case when p_changes ? 'origins' then array(select jsonb_array_elements_text(p_changes -> 'origins')) end, s.origins),
    identity_mode = coalesce(p_changes ->> 'identity_mode', s.identity_mode),
    name_field = coalesce(p_changes ->> 'name_field', s.name_field),
    email_field = coalesce(p_changes ->> 'email_field', s.email_field),
    welcome_line = case when p_changes ? 'welcome_line' then p_changes ->> 'welcome_line' else s.welcome_line end,
    colour = coalesce(p_changes ->> 'colour', s.colour),
    position = coalesce(p_changes ->> 'position', s.position),
    active = coalesce((p_changes ->> 'active')::boolean, s.active)
  where s.id = site.id
  returning * into site;
  if site.identity_mode = 'required' and not exists (select 1 from chat_private.site_keys k where k.site_id = site.id) then
    raise sqlstate 'PT409' using message = 'add a verification key before requiring verified visitors',
      hint = 'site_key_missing';
  end if;
  return chat_private.site_json(site);
end
$$;

--
-- Name: FUNCTION chat_save_site(p_admin_id text, p_site_id uuid, p_changes jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.chat_save_site(p_admin_id text, p_site_id uuid, p_changes jsonb) IS 'POST /chat-session/sites (owner): a new site; PATCH /chat-session/sites: a site''s changed settings.';

--
-- Name: FUNCTION chat_save_site(p_admin_id text, p_site_id uuid, p_changes jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.chat_save_site(p_admin_id text, p_site_id uuid, p_changes jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.chat_save_site(p_admin_id text, p_site_id uuid, p_changes jsonb) TO service_role;
