-- Foundation schema: council register, review types and frameworks (versioned data), people, users,
-- sessions, challenges with team, scope, documents, recommendations, events, stage history and the audit log.

create table councils (
  id serial primary key,
  code text not null unique,
  official_name text not null,
  nice_name text not null,
  gss_code text,
  nation text,
  region text,
  la_type text,
  la_type_name text,
  county_code text,
  combined_authority text,
  alt_names text[] not null default '{}',
  start_date date,
  end_date date,
  last_day date,
  replaced_by text[] not null default '{}',
  cpc_eligible boolean not null default false,
  source text not null default 'manual',
  updated_at timestamptz not null default now()
);
create index councils_name_idx on councils (lower(nice_name));

create table review_types (
  code text primary key,
  name text not null,
  short_name text not null,
  description text not null default '',
  qualifies_for_cycle boolean not null default false,
  parent_required boolean not null default false,
  workflow jsonb not null
);

create table frameworks (
  id serial primary key,
  code text not null unique,
  review_type text not null references review_types(code),
  name text not null,
  version integer not null default 1,
  effective_from date not null,
  effective_to date,
  themes jsonb not null,
  rules jsonb not null,
  source_note text not null default ''
);

create table bank_holidays (
  day date not null,
  division text not null default 'england-and-wales',
  title text not null,
  primary key (division, day)
);

create table people (
  id serial primary key,
  name text not null,
  title text,
  organisation text,
  kind text not null check (kind in ('member', 'officer', 'lga')),
  party text,
  email text,
  created_at timestamptz not null default now()
);

create table users (
  id serial primary key,
  email text not null,
  name text not null,
  password_hash text not null,
  role text not null check (role in ('admin', 'peer', 'council')),
  council_id integer references councils(id),
  person_id integer references people(id),
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  check (role <> 'council' or council_id is not null),
  check (role <> 'peer' or person_id is not null)
);
create unique index users_email_idx on users (lower(email));

create table sessions (
  sid text primary key,
  data jsonb not null,
  expires_at timestamptz not null
);
create index sessions_expiry_idx on sessions (expires_at);

create table challenges (
  id serial primary key,
  reference text not null unique,
  council_id integer not null references councils(id),
  review_type text not null references review_types(code),
  framework_id integer not null references frameworks(id),
  parent_id integer references challenges(id),
  stage text not null,
  scoping_date date,
  onsite_start date,
  onsite_end date,
  onsite_precision text not null default 'day' check (onsite_precision in ('day', 'month')),
  feedback_date date,
  notes text not null default '',
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (onsite_end is null or onsite_start is null or onsite_end >= onsite_start)
);
create index challenges_council_idx on challenges (council_id);

create table focus_areas (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  position integer not null,
  text text not null
);

create table team_members (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  person_id integer not null references people(id),
  role text not null check (role in ('lead-peer', 'member-peer', 'officer-peer', 'finance-peer', 'pcm', 'lga-adviser', 'shadow')),
  party text,
  title text,
  organisation text,
  position integer not null default 0,
  unique (challenge_id, person_id)
);

create table documents (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  kind text not null,
  title text not null,
  created_at timestamptz not null
);

create table document_versions (
  id serial primary key,
  document_id integer not null references documents(id) on delete cascade,
  version integer not null,
  filename text not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  note text not null default '',
  uploaded_by integer references users(id),
  uploaded_at timestamptz not null,
  unique (document_id, version)
);

create table recommendations (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  kind text not null check (kind in ('key', 'theme')),
  theme_key text,
  number integer not null check (number > 0),
  title text not null,
  body text not null default '',
  locked_at timestamptz,
  check ((kind = 'key') = (theme_key is null))
);
create unique index recommendations_number_idx on recommendations (challenge_id, kind, coalesce(theme_key, ''), number);

-- Wording of a recommendation is locked once the report is final: enforce in the database as well.
create function recommendations_lock() returns trigger language plpgsql as $$
begin
  if old.locked_at is not null then
    if tg_op = 'DELETE' then
      raise exception 'recommendation % is locked: the report is final', old.id;
    end if;
    if new.title is distinct from old.title or new.body is distinct from old.body
       or new.number is distinct from old.number or new.kind is distinct from old.kind
       or new.theme_key is distinct from old.theme_key or new.locked_at is null then
      raise exception 'recommendation % is locked: the report is final', old.id;
    end if;
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end
$$;
create trigger recommendations_lock before update or delete on recommendations
  for each row execute function recommendations_lock();

create table challenge_events (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  code text not null,
  occurred_on date not null,
  location text not null default '',
  note text not null default '',
  recorded_by integer references users(id),
  recorded_at timestamptz not null
);
create index challenge_events_idx on challenge_events (challenge_id, code);

create table stage_history (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  from_stage text,
  to_stage text not null,
  note text not null default '',
  actor_id integer references users(id),
  at timestamptz not null
);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null,
  actor_id integer,
  actor_label text not null,
  action text not null,
  entity text not null,
  entity_id text,
  challenge_id integer,
  council_id integer,
  before jsonb,
  after jsonb
);
create index audit_challenge_idx on audit_log (challenge_id, id);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();
