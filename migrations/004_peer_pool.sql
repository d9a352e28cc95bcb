-- The peer pool (profiles on people), typed and dated relationships that make conflicts of interest, admin overrides
-- with reasons, council links (neighbours, shared services), team rules as versioned data, and assembler runs.

alter table people
  add column role text,
  add column former_role text,
  add column former_role_until date,
  add column council_id integer references councils(id),
  add column region text,
  add column council_types text[] not null default '{}',
  add column expertise text[] not null default '{}',
  add column accredited_on date,
  add column trained_on date,
  add column days_offered integer not null default 0 check (days_offered between 0 and 250),
  add column in_pool boolean not null default false,
  add column notes text not null default '',
  add column version integer not null default 1,
  add column updated_at timestamptz,
  add constraint people_former_role_dated check (former_role is null or former_role_until is not null);
create unique index people_email_idx on people (lower(email)) where email is not null;
create index people_pool_idx on people (in_pool, kind);

create table peer_unavailability (
  id serial primary key,
  person_id integer not null references people(id) on delete cascade,
  from_date date not null,
  to_date date not null,
  note text not null default '',
  check (to_date >= from_date)
);
create index peer_unavailability_idx on peer_unavailability (person_id);

-- Relationships a peer declares (or the office records) with a council: past or present employer, personal or political
-- ties. Own council, neighbours, county, combined authority, shared services and the last review are derived.
create table peer_relationships (
  id serial primary key,
  person_id integer not null references people(id) on delete cascade,
  council_id integer not null references councils(id),
  type text not null check (type in ('employer', 'personal', 'political')),
  from_date date,
  to_date date,
  note text not null default '',
  created_at timestamptz not null,
  check (to_date is null or from_date is null or to_date >= from_date)
);
create index peer_relationships_idx on peer_relationships (person_id);

-- An override lets a peer review a council despite one type of conflict; it needs a reason and can be withdrawn.
create table conflict_overrides (
  id serial primary key,
  person_id integer not null references people(id) on delete cascade,
  council_id integer not null references councils(id),
  type text not null,
  reason text not null check (length(btrim(reason)) >= 10),
  created_by integer references users(id),
  created_at timestamptz not null,
  withdrawn_at timestamptz,
  withdrawn_by integer references users(id)
);
create unique index conflict_overrides_live_idx on conflict_overrides (person_id, council_id, type) where withdrawn_at is null;

create table council_links (
  council_id integer not null references councils(id),
  other_id integer not null references councils(id),
  kind text not null check (kind in ('neighbour', 'shared-service')),
  primary key (council_id, other_id, kind),
  check (council_id < other_id)
);

-- Team rules per review type: every edit is a new version; the highest version is current; old ones stay readable.
create table team_rules (
  id serial primary key,
  code text not null,
  review_type text not null references review_types(code),
  version integer not null,
  name text not null,
  effective_from date not null,
  rules jsonb not null,
  note text not null default '',
  created_by integer references users(id),
  created_at timestamptz not null,
  unique (code, version)
);
create trigger team_rules_immutable before update or delete on team_rules for each row execute function forbid_change();

create table assembly_runs (
  id serial primary key,
  scope text not null check (scope in ('challenge', 'window')),
  window_from date,
  window_to date,
  challenge_ids integer[] not null,
  team_rules_id integer not null references team_rules(id),
  status text not null,
  result jsonb not null,
  created_by integer references users(id),
  created_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by integer references users(id),
  version integer not null default 1
);
