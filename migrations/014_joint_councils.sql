-- Issue 15: a joint corporate peer challenge of two councils (one team, one report for both). The challenge keeps
-- its council; the second council of a joint challenge is held beside it.
alter table challenges add column joint_council_id integer references councils(id);
alter table challenges add constraint challenges_joint_council_check
  check (joint_council_id is null or joint_council_id <> council_id);
