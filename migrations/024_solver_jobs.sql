-- Solver runs as background jobs (decision 30): the timetable proposal and the assembly proposal a job stored, so a
-- job retried or resumed after it stored its result finds it instead of storing a second one.
alter table timetables add column job_id uuid references jobs(id) on delete set null;
create unique index timetables_job_idx on timetables (job_id) where job_id is not null;
alter table assembly_runs add column job_id uuid references jobs(id) on delete set null;
create unique index assembly_runs_job_idx on assembly_runs (job_id) where job_id is not null;
