-- Background jobs (decision 22). pg-boss keeps its own queue tables in the `pgboss` schema (it creates and migrates
-- them itself at start, under an advisory lock); this table is the service's own record of each job: who asked for
-- it, its progress, its result or error, kept after pg-boss archives the queue row. Heartbeats use the database's
-- clock (now()), so that one process can tell another's job is abandoned.
create table jobs (
  id uuid primary key,
  kind text not null,
  title text not null,
  state text not null default 'queued' check (state in ('queued', 'running', 'completed', 'failed', 'cancelled')),
  payload jsonb not null default '{}',
  progress_done integer not null default 0,
  progress_total integer,
  progress_note text,
  result jsonb,
  error text,
  attempts integer not null default 0,
  worker text,
  heartbeat_at timestamptz,
  created_by integer references users(id),
  created_at timestamptz not null,
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null
);
create index jobs_kind_idx on jobs (kind, created_at desc);
create index jobs_open_idx on jobs (state) where state in ('queued', 'running');

-- A bulk import: the documents of a folder or a zip, one row each, processed in order by a job. Each document is
-- read and saved in its own transaction with its row, so a job resumed after a restart goes on where it stopped.
create table bulk_import_items (
  job_id uuid not null references jobs(id) on delete cascade,
  position integer not null,
  filename text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea,
  status text not null default 'pending'
    check (status in ('pending', 'imported', 'duplicate', 'needs-review', 'failed')),
  import_id integer references imports(id) on delete set null,
  challenge_id integer references challenges(id) on delete set null,
  reason text,
  processed_at timestamptz,
  primary key (job_id, position)
);
create index bulk_import_items_sha_idx on bulk_import_items (sha256);

-- The review queue: a value a document gave with less confidence than the threshold (importer reference data) is
-- saved, but stays unconfirmed, and is shown as such, until the programme office confirms or corrects it.
create table import_field_reviews (
  id serial primary key,
  import_id integer not null references imports(id) on delete cascade,
  challenge_id integer not null references challenges(id) on delete cascade,
  field text not null,
  label text not null,
  value jsonb not null,
  confidence real not null,
  status text not null default 'unconfirmed' check (status in ('unconfirmed', 'confirmed', 'corrected')),
  corrected jsonb,
  decided_by integer references users(id),
  decided_at timestamptz,
  unique (import_id, field)
);
create index import_field_reviews_open_idx on import_field_reviews (challenge_id) where status = 'unconfirmed';

-- The bulk import that brought a document in, so that a resumed job knows its own work from an earlier import's.
alter table imports add column bulk_job_id uuid references jobs(id) on delete set null;
