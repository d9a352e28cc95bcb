-- Issue 16: the library of every peer challenge (decision 0021). One row per searchable passage: a section of a saved
-- report version, a key or per-theme recommendation, an action of an action plan, a progress update, the text of an
-- imported document. Who may see each row is not stored: the access model's libraryScope decides it at query time from
-- the challenge (published or not, draft issued or not) and the row's source, so a publication changes nothing here.
-- The rows are written by triggers on the source tables, in the transaction that writes the source: a search made
-- after the commit finds the text, and a rolled-back write leaves no row.

create table library_entries (
  id bigserial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  source text not null check (source in ('report', 'recommendation', 'action', 'progress', 'document')),
  source_id integer not null,
  -- The part of the source: a report section ('executive-summary', 'theme-<key>', 'focus-<n>', …); '' otherwise.
  part text not null default '',
  -- The report version a section belongs to (the access model shows the latest the actor may read), and whether the
  -- challenge has a later version (only then need a search ask which of them the actor may read).
  version integer,
  later_version boolean not null default false,
  -- The document's kind (its audience is the document's), or the recommendation's ('key', 'theme').
  kind text,
  title text not null,
  body text not null,
  -- The framework theme the passage is about, when it is about one.
  theme_key text,
  -- The recommendation's theme as a classifier will assign it (issue 16, later): empty until then.
  rec_theme text,
  -- Where the passage is: a page with its fragment.
  href text not null,
  entry_date date,
  search tsvector generated always as (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
  ) stored,
  unique (source, source_id, part)
);
create index library_entries_search_idx on library_entries using gin (search);
create index library_entries_challenge_idx on library_entries (challenge_id, source, version);
create index library_entries_date_idx on library_entries (entry_date desc, id);

-- A theme's title in the challenge's framework.
create function library_theme_title(p_challenge integer, p_key text) returns text language sql stable as $$
  select coalesce((select t->>'title' from challenges c join frameworks f on f.id = c.framework_id,
                          jsonb_array_elements(f.themes) t
                    where c.id = p_challenge and t->>'key' = p_key limit 1), p_key)
$$;

create function library_index_recommendation(p_id integer) returns void language plpgsql as $$
begin
  delete from library_entries where source = 'recommendation' and source_id = p_id;
  insert into library_entries (challenge_id, source, source_id, kind, title, body, theme_key, href, entry_date)
  select r.challenge_id, 'recommendation', r.id, r.kind,
         case when r.kind = 'key' then 'Key recommendation ' || r.number || ': ' || r.title
              else library_theme_title(r.challenge_id, r.theme_key) || ', recommendation ' || r.number || ': ' || r.title end,
         r.body, r.theme_key, '/challenges/' || r.challenge_id || '/recommendations#rec-' || r.id,
         coalesce(c.onsite_end, c.onsite_start)
    from recommendations r join challenges c on c.id = r.challenge_id where r.id = p_id;
end
$$;

create function library_index_report_version(p_id integer) returns void language plpgsql as $$
declare
  v record;
  t record;
  i integer;
  href text;
begin
  delete from library_entries where source = 'report' and source_id = p_id;
  select rv.id, rv.challenge_id, rv.version, rv.content, rv.created_at::date as day into v
    from report_versions rv where rv.id = p_id;
  if not found then return; end if;
  href := '/challenges/' || v.challenge_id || '/report';
  update library_entries set later_version = true
   where challenge_id = v.challenge_id and source = 'report' and version < v.version and not later_version;
  insert into library_entries (challenge_id, source, source_id, part, version, title, body, href, entry_date)
  select v.challenge_id, 'report', v.id, s.part, v.version, s.title, s.body, href || '#' || s.part, v.day
    from (values ('executive-summary', 'Executive summary', v.content->>'executiveSummary'),
                 ('approach', 'Summary of the peer challenge approach', v.content->>'approach'),
                 ('next-steps', 'Next steps', v.content->>'nextSteps')) s(part, title, body)
   where coalesce(btrim(s.body), '') <> '';
  for t in select key, value #>> '{}' as body from jsonb_each(coalesce(v.content->'themes', '{}'::jsonb)) loop
    if coalesce(btrim(t.body), '') <> '' then
      insert into library_entries (challenge_id, source, source_id, part, version, title, body, theme_key, href, entry_date)
      values (v.challenge_id, 'report', v.id, 'theme-' || t.key, v.version, library_theme_title(v.challenge_id, t.key),
              t.body, t.key, href || '#theme-' || t.key, v.day);
    end if;
  end loop;
  i := 0;
  for t in select value #>> '{}' as body from jsonb_array_elements(coalesce(v.content->'focus', '[]'::jsonb)) loop
    i := i + 1;
    if coalesce(btrim(t.body), '') <> '' then
      insert into library_entries (challenge_id, source, source_id, part, version, title, body, href, entry_date)
      values (v.challenge_id, 'report', v.id, 'focus-' || i, v.version,
              coalesce(v.content #>> array['facts', 'focusAreas', (i - 1)::text], 'The council’s focus area ' || i),
              t.body, href || '#focus-' || i, v.day);
    end if;
  end loop;
end
$$;

create function library_index_action(p_id integer) returns void language plpgsql as $$
begin
  delete from library_entries where source = 'action' and source_id = p_id;
  insert into library_entries (challenge_id, source, source_id, title, body, href, entry_date)
  select p.challenge_id, 'action', a.id, 'Action ' || a.number || ': ' || a.title,
         a.description || case when a.lead_officer <> '' then E'\nLead officer: ' || a.lead_officer else '' end,
         '/challenges/' || p.challenge_id || '/action-plan/actions/' || a.id, a.target_date
    from plan_actions a join action_plans p on p.id = a.plan_id where a.id = p_id;
end
$$;

create function library_index_progress(p_id integer) returns void language plpgsql as $$
begin
  delete from library_entries where source = 'progress' and source_id = p_id;
  insert into library_entries (challenge_id, source, source_id, title, body, href, entry_date)
  select p.challenge_id, 'progress', u.id, 'Progress on action ' || a.number || ': ' || a.title, u.text,
         '/challenges/' || p.challenge_id || '/action-plan/actions/' || a.id || '#update-' || u.id, u.as_of
    from progress_updates u join plan_actions a on a.id = u.action_id join action_plans p on p.id = a.plan_id
   where u.id = p_id;
end
$$;

-- An imported document's text, once the import is saved as a challenge; its audience is its document's kind.
create function library_index_import(p_id integer) returns void language plpgsql as $$
begin
  delete from library_entries where source = 'document' and source_id = p_id;
  insert into library_entries (challenge_id, source, source_id, kind, title, body, href, entry_date)
  select i.challenge_id, 'document', i.id, d.kind, d.title, i.text,
         '/challenges/' || i.challenge_id || '/documents#document-' || d.id, i.saved_at::date
    from imports i
    join lateral (select d.id, d.kind, d.title from documents d join document_versions dv on dv.document_id = d.id
                   where d.challenge_id = i.challenge_id and dv.sha256 = i.sha256 order by d.id desc limit 1) d on true
   where i.id = p_id and i.status = 'saved' and i.challenge_id is not null and btrim(i.text) <> '';
end
$$;

create function library_on_change() returns trigger language plpgsql as $$
declare
  rid integer;
begin
  rid := case when tg_op = 'DELETE' then old.id else new.id end;
  if tg_op = 'DELETE' then
    delete from library_entries
     where source_id = rid and source = case tg_table_name when 'recommendations' then 'recommendation'
       when 'report_versions' then 'report' when 'plan_actions' then 'action' when 'progress_updates' then 'progress'
       else 'document' end;
    return old;
  end if;
  case tg_table_name
    when 'recommendations' then perform library_index_recommendation(rid);
    when 'report_versions' then perform library_index_report_version(rid);
    when 'plan_actions' then perform library_index_action(rid);
    when 'progress_updates' then perform library_index_progress(rid);
    when 'imports' then perform library_index_import(rid);
  end case;
  return new;
end
$$;

create trigger recommendations_library after insert or update or delete on recommendations
  for each row execute function library_on_change();
create trigger report_versions_library after insert on report_versions
  for each row execute function library_on_change();
create trigger plan_actions_library after insert or update or delete on plan_actions
  for each row execute function library_on_change();
create trigger progress_updates_library after insert on progress_updates
  for each row execute function library_on_change();
create trigger imports_library after insert or update of status, challenge_id, text on imports
  for each row execute function library_on_change();

-- A change of the challenge's dates or framework changes the titles and dates its entries carry.
create function library_on_challenge() returns trigger language plpgsql as $$
begin
  perform library_index_recommendation(r.id) from recommendations r where r.challenge_id = new.id;
  return new;
end
$$;
create trigger challenges_library after update of onsite_start, onsite_end, framework_id on challenges
  for each row execute function library_on_challenge();

-- What is there already.
select library_index_recommendation(id) from recommendations;
select library_index_report_version(id) from report_versions;
select library_index_action(id) from plan_actions;
select library_index_progress(id) from progress_updates;
select library_index_import(id) from imports;
