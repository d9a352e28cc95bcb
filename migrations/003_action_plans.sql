-- Action plans: the council's response to each (locked) recommendation, its actions with dates, milestones,
-- target-date revisions and progress updates (append-only), governance meetings, immutable snapshots,
-- spreadsheet imports, and the reminder outbox.

-- Rules for RAG ratings and reminders, as versioned data (a changed rule set ships under a new code).
create table plan_rulesets (
  code text primary key,
  name text not null,
  effective_from date not null,
  rules jsonb not null,
  source_note text not null default ''
);

create table action_plans (
  id serial primary key,
  challenge_id integer not null unique references challenges(id) on delete cascade,
  ruleset text not null references plan_rulesets(code),
  status text not null default 'draft' check (status in ('draft', 'approved')),
  approved_on date,
  approved_meeting_id integer,
  version integer not null default 1,
  created_by integer references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table plan_responses (
  plan_id integer not null references action_plans(id) on delete cascade,
  recommendation_id integer not null references recommendations(id),
  response text not null check (response in ('accepted', 'partly-accepted', 'not-accepted')),
  reasons text not null default '',
  updated_at timestamptz not null,
  primary key (plan_id, recommendation_id),
  check (response = 'accepted' or length(btrim(reasons)) > 0)
);

create table plan_actions (
  id serial primary key,
  plan_id integer not null references action_plans(id) on delete cascade,
  number integer not null check (number > 0),
  title text not null,
  description text not null default '',
  lead_officer text not null,
  owner_user_id integer references users(id),
  start_date date,
  target_date date not null,
  status text not null default 'not-started' check (status in ('not-started', 'in-progress', 'complete', 'bau')),
  completed_on date,
  rag_override text check (rag_override in ('red', 'amber', 'green')),
  rag_override_reason text,
  rag_override_by integer references users(id),
  rag_override_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (plan_id, number),
  check (rag_override is null or length(btrim(coalesce(rag_override_reason, ''))) > 0),
  check (start_date is null or start_date <= target_date)
);

create table action_recommendations (
  action_id integer not null references plan_actions(id) on delete cascade,
  recommendation_id integer not null references recommendations(id),
  primary key (action_id, recommendation_id)
);

create table action_milestones (
  id serial primary key,
  action_id integer not null references plan_actions(id) on delete cascade,
  position integer not null,
  title text not null,
  due_date date,
  done_on date
);

-- Every change of an action's target date, kept for good.
create table action_target_revisions (
  id serial primary key,
  action_id integer not null references plan_actions(id) on delete cascade,
  from_date date not null,
  to_date date not null,
  reason text not null check (length(btrim(reason)) > 0),
  revised_by integer references users(id),
  revised_at timestamptz not null
);

create table progress_updates (
  id serial primary key,
  action_id integer not null references plan_actions(id) on delete cascade,
  as_of date not null,
  text text not null check (length(btrim(text)) > 0),
  status text not null,
  created_by integer references users(id),
  created_at timestamptz not null
);
create index progress_updates_action_idx on progress_updates (action_id, as_of);

create table progress_evidence (
  id serial primary key,
  update_id integer not null references progress_updates(id) on delete cascade,
  filename text not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null
);

create table meetings (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  body text not null check (body in ('cabinet', 'executive', 'scrutiny', 'audit', 'full-council', 'other')),
  body_name text not null default '',
  meeting_date date not null,
  item text not null default '',
  decision text not null check (decision in ('noted', 'comments', 'approved', 'deferred', 'rejected')),
  resolution text not null default '',
  link text not null default '',
  snapshot_id integer,
  created_by integer references users(id),
  created_at timestamptz not null
);
create index meetings_challenge_idx on meetings (challenge_id, meeting_date);

-- "The plan as reported to Cabinet on date X": a copy that never changes.
create table plan_snapshots (
  id serial primary key,
  plan_id integer not null references action_plans(id) on delete cascade,
  title text not null,
  as_of date not null,
  meeting_id integer references meetings(id),
  -- Shown on the public page from this date (null: never), once the plan itself is published.
  public_from date,
  content jsonb not null,
  created_by integer references users(id),
  created_at timestamptz not null
);
alter table meetings add constraint meetings_snapshot_fk foreign key (snapshot_id) references plan_snapshots(id);
alter table action_plans add constraint action_plans_meeting_fk foreign key (approved_meeting_id) references meetings(id);

create table plan_imports (
  id serial primary key,
  plan_id integer not null references action_plans(id) on delete cascade,
  filename text not null,
  sha256 text not null,
  plan_version integer not null,
  changes jsonb not null,
  errors jsonb not null,
  status text not null default 'preview' check (status in ('preview', 'applied', 'discarded')),
  created_by integer references users(id),
  created_at timestamptz not null,
  applied_at timestamptz
);

create table notification_prefs (
  user_id integer not null references users(id) on delete cascade,
  kind text not null,
  enabled boolean not null,
  primary key (user_id, kind)
);

-- Every reminder lands here first; with SMTP configured it is then sent. dedupe_key makes a reminder exist once,
-- however many app instances run the job.
create table outbox (
  id bigserial primary key,
  dedupe_key text not null unique,
  user_id integer references users(id) on delete set null,
  to_email text not null,
  kind text not null,
  subject text not null,
  body text not null,
  challenge_id integer references challenges(id) on delete cascade,
  created_at timestamptz not null,
  attempts integer not null default 0,
  sent_at timestamptz,
  error text
);
create index outbox_user_idx on outbox (user_id, id);
create index outbox_pending_idx on outbox (id) where sent_at is null;

create table job_runs (
  name text primary key,
  started_at timestamptz,
  finished_at timestamptz,
  result jsonb
);

create function forbid_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: its rows are never changed or removed', tg_table_name;
end
$$;
create trigger action_target_revisions_append_only before update or delete on action_target_revisions for each row execute function forbid_change();
create trigger progress_updates_append_only before update or delete on progress_updates for each row execute function forbid_change();
create trigger progress_evidence_append_only before update or delete on progress_evidence for each row execute function forbid_change();
create trigger plan_snapshots_immutable before update or delete on plan_snapshots for each row execute function forbid_change();
