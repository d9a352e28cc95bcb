-- Issue 14: the committee report follows the council's democratic-services template. Each council's committees
-- (their own names, kinds, which can approve an action plan), statutory officers, contact officer and the template's
-- sections and wording are data: stored with a schema version, the sector's template (a shipped file) the default.
create table council_committee_settings (
  council_id integer primary key references councils(id) on delete cascade,
  schema_version integer not null check (schema_version > 0),
  settings jsonb not null,
  version integer not null default 1 check (version > 0),
  updated_by integer references users(id),
  updated_at timestamptz not null
);
