-- Issue 16: recommendation themes (decision 0023). The classifier (src/themes/rules.ts, taxonomy as versioned data in
-- src/themes/reference/) assigns each recommendation its themes with an explanation; the programme office can
-- override them. Written by the services in the transaction that writes the recommendation (src/themes/repo.ts
-- classifyPending), and swept at start for recommendations written any other way or under an older taxonomy.

-- What the classifier said: one row a theme, with why (the matched terms and their weights) and a confidence.
create table recommendation_themes (
  recommendation_id integer not null references recommendations(id) on delete cascade,
  theme text not null,
  score numeric not null,
  confidence numeric not null check (confidence >= 0 and confidence <= 1),
  -- {"schemaVersion": 1, "terms": [{"term", "weight", "matched", "where"}]}
  explanation jsonb not null,
  primary key (recommendation_id, theme)
);

-- Which text and taxonomy version each recommendation was last classified from (a recommendation with no theme has a
-- row here too): a changed text or a new taxonomy version makes it pending again.
create table recommendation_classified (
  recommendation_id integer primary key references recommendations(id) on delete cascade,
  taxonomy_version integer not null,
  text_md5 text not null,
  classified_at timestamptz not null
);

-- A person's decision: these themes (possibly none), with the reason. It wins over the classifier and is shown as such.
create table recommendation_theme_overrides (
  recommendation_id integer primary key references recommendations(id) on delete cascade,
  themes text[] not null,
  reason text not null,
  user_id integer references users(id),
  actor_label text not null,
  at timestamptz not null
);

-- The themes in force: the override's, else the classifier's.
create view recommendation_theme_effective as
  select o.recommendation_id, t.theme, 'override'::text as origin, null::numeric as confidence, t.n::integer as position
    from recommendation_theme_overrides o, unnest(o.themes) with ordinality t(theme, n)
  union all
  select r.recommendation_id, r.theme, 'classifier', r.confidence,
         row_number() over (partition by r.recommendation_id order by r.score desc, r.theme)::integer
    from recommendation_themes r
   where not exists (select 1 from recommendation_theme_overrides o where o.recommendation_id = r.recommendation_id);

-- The library's one "recommendation theme" per passage is the main theme in force.
create function recommendation_main_theme(p_id integer) returns text language sql stable as $$
  select theme from recommendation_theme_effective where recommendation_id = p_id order by position limit 1
$$;

create function recommendation_themes_to_library() returns trigger language plpgsql as $$
declare
  rid integer;
begin
  rid := case when tg_op = 'DELETE' then old.recommendation_id else new.recommendation_id end;
  update library_entries set rec_theme = recommendation_main_theme(rid)
   where source = 'recommendation' and source_id = rid
     and rec_theme is distinct from recommendation_main_theme(rid);
  return null;
end
$$;
create trigger recommendation_themes_library after insert or update or delete on recommendation_themes
  for each row execute function recommendation_themes_to_library();
create trigger recommendation_theme_overrides_library after insert or update or delete on recommendation_theme_overrides
  for each row execute function recommendation_themes_to_library();

-- A recommendation's passage, (re)written by the library's own trigger, carries its main theme from the start.
create function library_entry_rec_theme() returns trigger language plpgsql as $$
begin
  if new.source = 'recommendation' then
    new.rec_theme := recommendation_main_theme(new.source_id);
  end if;
  return new;
end
$$;
create trigger library_entries_rec_theme before insert on library_entries
  for each row execute function library_entry_rec_theme();

create index recommendation_themes_theme_idx on recommendation_themes (theme);

-- "Councils like mine": the register's population (mySociety's pop-2020 column), when the register gives it.
alter table councils add column population integer;
