-- The access model (decision 0013): who may see an audit entry is decided when it is written, and a challenge's
-- report becomes public on one recorded date, kept on the challenge by the one guarded function that records,
-- corrects or withdraws publication events.

-- Audiences, narrowest first: the peer team alone; the team and the programme office; those plus the council's own
-- officers; everyone who may see the challenge.
alter table audit_log add column visibility text not null default 'council'
  check (visibility in ('team', 'programme', 'council', 'public'));

-- Entries written before this migration get the audience their kind of change has from now on.
alter table audit_log disable trigger audit_log_append_only;
update audit_log set visibility = 'team' where action like 'evidence.%';
update audit_log set visibility = 'programme'
 where action in ('report.version-saved', 'person.created', 'assembly.run', 'assembly.edited', 'assembly.accepted')
    or (action = 'report.comment-added' and coalesce((after->>'fromCouncil')::boolean, false) = false)
    or challenge_id is null;
alter table audit_log enable trigger audit_log_append_only;
alter table audit_log alter column visibility drop default;

create index audit_visibility_idx on audit_log (challenge_id, visibility, id);

-- The day the report became (or becomes) public; null while it is not published. Written only with the
-- report_published event, and only once the report is final.
alter table challenges add column report_public_from date;
update challenges c set report_public_from = (
  select min(e.occurred_on) from challenge_events e where e.challenge_id = c.id and e.code = 'report_published')
 where c.stage in ('final', 'published', 'closed');
create index challenges_public_idx on challenges (report_public_from) where report_public_from is not null;

-- Recorded dates can be corrected or withdrawn (with a reason, in the audit log): the audit log keeps what they were.
alter table challenge_events add column corrected_at timestamptz;
alter table challenge_events add column corrected_by integer references users(id);

-- Stored records carry the version of their shape (decision 0013): read through the frozen type of that version.
alter table plan_snapshots add column schema_version integer not null default 1;
alter table report_versions add column schema_version integer not null default 1;
