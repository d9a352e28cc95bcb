-- Issue 13: the append-only tables refuse TRUNCATE too. Their row triggers stop UPDATE and DELETE, but TRUNCATE
-- fires no row trigger, so a statement-level trigger stops it (also when reached through TRUNCATE ... CASCADE).
create function forbid_truncate() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: it cannot be truncated', tg_table_name;
end
$$;
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function forbid_truncate();
create trigger action_target_revisions_no_truncate before truncate on action_target_revisions for each statement execute function forbid_truncate();
create trigger progress_updates_no_truncate before truncate on progress_updates for each statement execute function forbid_truncate();
create trigger progress_evidence_no_truncate before truncate on progress_evidence for each statement execute function forbid_truncate();
create trigger plan_snapshots_no_truncate before truncate on plan_snapshots for each statement execute function forbid_truncate();
create trigger team_rules_no_truncate before truncate on team_rules for each statement execute function forbid_truncate();
create trigger report_versions_no_truncate before truncate on report_versions for each statement execute function forbid_truncate();
