-- Scheduled jobs (reminders): each instance's timer asks for the run of its time slot; the first to insert the slot's
-- row enqueues the job in the same transaction, the others find the row and do nothing. So a slot's job is queued
-- once however many instances run, and pg-boss then hands it to one of them (and retries it if it fails).
create table scheduled_runs (
  name text not null,
  slot_start timestamptz not null,
  job_id uuid not null references jobs(id) on delete cascade,
  primary key (name, slot_start)
);
