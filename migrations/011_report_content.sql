-- Issue 14: what a feedback report says, as the sector writes it, and everything an imported document states.

-- The council's own questions under each theme (tailoring the framework's themes to the council).
create table theme_questions (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  theme_key text not null,
  position integer not null check (position > 0),
  text text not null check (length(text) between 1 and 1000),
  unique (challenge_id, theme_key, position)
);

-- The LGA's principal adviser: named, with contact details, in the report's next steps (not one of the peers).
alter table team_members drop constraint team_members_role_check;
alter table team_members add constraint team_members_role_check
  check (role in ('lead-peer', 'member-peer', 'officer-peer', 'finance-peer', 'pcm', 'lga-adviser', 'principal-adviser', 'shadow'));
alter table people add column phone text;

-- What a document states that has no other home (an imported report's figures, next steps, previous challenge,
-- contact officer…): kept as stated, with where it came from, never shown as fact of the service's own.
create table stated_facts (
  challenge_id integer not null references challenges(id) on delete cascade,
  key text not null,
  value jsonb not null,
  source text not null default '',
  recorded_at timestamptz not null,
  primary key (challenge_id, key)
);

-- A report version keeps the per-theme recommendations as they stood too (stored shape version 2).
alter table report_versions add column theme_recommendations jsonb not null default '[]';
