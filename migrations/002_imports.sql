-- Documents read by the importer: the file, its text, what was extracted (with evidence), and what became of it.
create table imports (
  id serial primary key,
  filename text not null,
  format text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  text text not null,
  extraction jsonb not null,
  status text not null default 'draft' check (status in ('draft', 'saved', 'discarded')),
  challenge_id integer references challenges(id) on delete set null,
  created_by integer references users(id),
  created_at timestamptz not null,
  saved_at timestamptz
);
create index imports_sha_idx on imports (sha256);
