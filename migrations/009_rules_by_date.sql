-- Issue 14: rules by date (decision 0016).

-- A due date stated in a document ("the next challenge before November 2021") overrides the rule's computed one, for
-- one rule of one challenge. Recorded by hand or by the importer; correctable and withdrawable with a reason (the
-- audit log keeps what it was).
create table rule_overrides (
  id serial primary key,
  challenge_id integer not null references challenges(id) on delete cascade,
  rule_code text not null,
  due date not null,
  precision text not null default 'day' check (precision in ('day', 'month')),
  source text not null check (length(source) between 1 and 500),
  note text not null default '',
  recorded_by integer references users(id),
  recorded_at timestamptz not null,
  corrected_by integer references users(id),
  corrected_at timestamptz,
  unique (challenge_id, rule_code),
  -- A month is stored as its first day.
  check (precision = 'day' or extract(day from due) = 1)
);

-- What counts towards the expectation of a peer challenge every few years, by the date a review was held: versioned
-- reference data (src/frameworks/reference/cycle-rules.json), replacing the review types' constant flag.
create table cycle_rules (
  code text primary key,
  version integer not null,
  label text not null,
  review_types text[] not null,
  period jsonb not null,
  source text not null,
  effective_from date not null,
  effective_from_source text not null,
  effective_to date,
  effective_to_source text,
  check (effective_to is null or effective_to >= effective_from)
);

alter table review_types drop column qualifies_for_cycle;
