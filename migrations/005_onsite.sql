-- On site and the report (decision 0010): the council's on-site programme (sites, travel, attendees, sessions),
-- timetables solved from it (proposals and published versions, never edited in place), the team's evidence notes,
-- and the report: versions (immutable) and factual-accuracy comments.

create table timetable_rules (
  code text primary key,
  name text not null,
  rules jsonb not null,
  source_note text not null default ''
);

create table visit_sites (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  is_main boolean not null default false,
  unique (challenge_id, name)
);
create unique index visit_sites_main_idx on visit_sites (challenge_id) where is_main;

create table visit_travel (
  challenge_id integer not null references challenges(id) on delete cascade,
  from_site integer not null references visit_sites(id) on delete cascade,
  to_site integer not null references visit_sites(id) on delete cascade,
  minutes integer not null check (minutes between 0 and 240),
  primary key (from_site, to_site),
  check (from_site < to_site)
);

create table visit_attendees (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  role_title text not null default '',
  stakeholder_group text not null,
  -- [{ "date": "YYYY-MM-DD", "from": "HH:MM", "to": "HH:MM" }]
  unavailable jsonb not null default '[]',
  unique (challenge_id, name, role_title)
);

create table visit_sessions (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  kind text not null check (kind in ('interview', 'focus-group', 'site-visit')),
  minutes integer not null check (minutes between 15 and 240),
  site_id integer references visit_sites(id),
  room text not null default '',
  themes text[] not null default '{}',
  stakeholder_group text not null default '',
  fixed_date date,
  fixed_start text check (fixed_start is null or fixed_start ~ '^[0-2][0-9]:[0-5][0-9]$'),
  preferred_date date,
  peers_wanted integer check (peers_wanted between 1 and 4),
  notes text not null default '',
  -- Dropped after publication: kept so the published programme and the re-plan can say what happened.
  dropped_at timestamptz,
  -- What happened on the day: held (with how many people came) or did not happen.
  outcome text check (outcome in ('held', 'not-held')),
  people_met integer check (people_met between 0 and 1000),
  version integer not null default 1,
  created_at timestamptz not null,
  check ((fixed_date is null) = (fixed_start is null))
);
create index visit_sessions_challenge_idx on visit_sessions (challenge_id);

create table visit_session_attendees (
  session_id integer not null references visit_sessions(id) on delete cascade,
  attendee_id integer not null references visit_attendees(id) on delete cascade,
  primary key (session_id, attendee_id)
);

create table timetables (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  rules_code text not null references timetable_rules(code),
  status text not null check (status in ('proposal', 'published', 'superseded')),
  based_on integer references timetables(id),
  solver jsonb not null,
  unplaced jsonb not null default '[]',
  changes jsonb,
  created_by integer references users(id),
  created_at timestamptz not null,
  published_at timestamptz,
  published_number integer
);
create index timetables_challenge_idx on timetables (challenge_id, id);
create unique index timetables_published_idx on timetables (challenge_id) where status = 'published';

create table timetable_placements (
  timetable_id integer not null references timetables(id) on delete cascade,
  session_id integer not null references visit_sessions(id) on delete cascade,
  day date not null,
  starts text not null,
  ends text not null,
  peers integer[] not null,
  primary key (timetable_id, session_id)
);

-- A timetable is a record once made: only its status moves on (proposal -> published -> superseded).
create function timetables_fixed() returns trigger language plpgsql as $$
begin
  if new.solver is distinct from old.solver or new.challenge_id is distinct from old.challenge_id or new.unplaced is distinct from old.unplaced then
    raise exception 'timetable % cannot be changed, only published or superseded', old.id;
  end if;
  return new;
end
$$;
create trigger timetables_fixed before update on timetables for each row execute function timetables_fixed();

create table evidence_notes (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  session_id integer references visit_sessions(id) on delete set null,
  author_person_id integer not null references people(id),
  themes text[] not null,
  polarity text not null check (polarity in ('strength', 'improve', 'neutral')),
  text text not null check (length(text) between 1 and 10000),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1
);
create index evidence_notes_challenge_idx on evidence_notes (challenge_id);

create table report_versions (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  version integer not null,
  -- { executiveSummary, approach, themes: { [key]: text }, nextSteps }
  content jsonb not null,
  -- Key recommendations as they stood when this version was saved (the live ones are in recommendations).
  recommendations jsonb not null default '[]',
  note text not null default '',
  author_id integer references users(id),
  author_label text not null,
  created_at timestamptz not null,
  unique (challenge_id, version)
);

create function report_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'report versions are kept as written: save a new version instead';
end
$$;
create trigger report_versions_immutable before update or delete on report_versions
  for each row when (pg_trigger_depth() = 0) execute function report_versions_immutable();

create table report_comments (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  report_version_id integer not null references report_versions(id),
  section text not null,
  text text not null check (length(text) between 1 and 5000),
  author_id integer references users(id),
  author_label text not null,
  from_council boolean not null,
  created_at timestamptz not null,
  response text,
  responded_by text,
  responded_at timestamptz
);
create index report_comments_challenge_idx on report_comments (challenge_id, id);

-- Which team member leads which theme on the visit: they should hear the sessions on it and draft its feedback.
create table visit_theme_leads (
  challenge_id integer not null references challenges(id) on delete cascade,
  theme_key text not null,
  person_id integer not null references people(id),
  primary key (challenge_id, theme_key)
);

-- Which report version was issued to the council (the draft for its factual check, the final): written in the same
-- transaction as the stage change that records draft_issued or final_issued.
create table report_issues (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  kind text not null check (kind in ('draft', 'final')),
  version integer,
  at timestamptz not null
);
create index report_issues_idx on report_issues (challenge_id, id);
