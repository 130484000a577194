-- Saved replies: the team's canned answers (a title to find it by, the text it inserts), kept
-- per team, not per admin, and reached only through the API (no browser role may touch them).
create table chat_private.saved_replies (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(btrim(title)) between 1 and 100),
  body text not null check (char_length(body) <= 4000 and btrim(body) <> ''),
  updated_by uuid not null references public.chat_admins(user_id),
  updated_at timestamptz not null default now()
);
create unique index saved_replies_title on chat_private.saved_replies (lower(title));
revoke all on table chat_private.saved_replies from public, anon, authenticated, service_role;

-- A team keeps a few hundred at most; the list is one page.
insert into chat_private.rate_limits (action, max_events, per_seconds) values ('save_reply_per_admin', 60, 60);

create function chat_private.saved_reply_json(r chat_private.saved_replies) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object('id', r.id, 'title', r.title, 'body', r.body, 'updated_at', r.updated_at)
$$;
revoke execute on function chat_private.saved_reply_json(chat_private.saved_replies) from public;
comment on function chat_private.saved_reply_json(chat_private.saved_replies) is
  'The JSON of a saved reply in every route that returns one.';

create function public.chat_list_saved_replies(p_admin_id text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_admin_id);
  return jsonb_build_object('replies', (
    select coalesce(jsonb_agg(chat_private.saved_reply_json(r) order by lower(r.title)), '[]')
    from chat_private.saved_replies r
    limit 500));
end
$$;

-- New (p_id null) or changed; a title another saved reply has is a conflict.
create function public.chat_save_reply(p_id uuid, p_title text, p_body text, p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  r chat_private.saved_replies;
begin
  perform chat_private.require_admin(p_admin_id);
  perform chat_private.spend_for('save_reply_per_admin', format('save_reply:%s', p_admin_id));
  begin
    if p_id is null then
      insert into chat_private.saved_replies (title, body, updated_by)
      values (btrim(p_title), p_body, p_admin_id::uuid)
      returning * into r;
    else
      update chat_private.saved_replies
      set title = btrim(p_title), body = p_body, updated_by = p_admin_id::uuid, updated_at = now()
      where id = p_id
      returning * into r;
      if not found then
        raise sqlstate 'PT404' using message = 'saved reply not found';
      end if;
    end if;
  exception when unique_violation then
    raise sqlstate 'PT409' using message = 'another saved reply has this title';
  end;
  return chat_private.saved_reply_json(r);
end
$$;

create function public.chat_delete_reply(p_id uuid, p_admin_id text) returns jsonb
language plpgsql security definer set search_path = '' as $$
begin
  perform chat_private.require_admin(p_admin_id);
  delete from chat_private.saved_replies where id = p_id;
  if not found then
    raise sqlstate 'PT404' using message = 'saved reply not found';
  end if;
  return jsonb_build_object('id', p_id, 'deleted', true);
end
$$;

revoke execute on function public.chat_list_saved_replies(text) from public, anon, authenticated;
revoke execute on function public.chat_save_reply(uuid, text, text, text) from public, anon, authenticated;
revoke execute on function public.chat_delete_reply(uuid, text) from public, anon, authenticated;
grant execute on function public.chat_list_saved_replies(text) to service_role;
grant execute on function public.chat_save_reply(uuid, text, text, text) to service_role;
grant execute on function public.chat_delete_reply(uuid, text) to service_role;
comment on function public.chat_list_saved_replies(text) is
  'GET /chat-message/replies (admin): the team''s saved replies, by title.';
comment on function public.chat_save_reply(uuid, text, text, text) is
  'POST /chat-message/replies (admin): a new saved reply, or (with id) a changed one; titles are unique, any case.';
comment on function public.chat_delete_reply(uuid, text) is
  'DELETE /chat-message/replies?id= (admin): removes a saved reply.';
