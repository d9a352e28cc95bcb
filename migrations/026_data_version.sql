-- Issue 17, decision 0031: one number that changes whenever the data pages show changes, read by every cached page
-- so that a page cached by one instance is never served after a change made through any instance. Bumped once per
-- writing transaction (a statement-level trigger on every table but the sessions, the sign-in counts and the
-- migrations; added to each table by src/db/data-version.ts after the migrations, so later tables get it too).
-- Transactional: a reader sees the new number exactly when it sees the change.
create table data_version (
  id boolean primary key default true check (id),
  n bigint not null,
  tx xid8
);
insert into data_version (id, n) values (true, 1);

create or replace function bump_data_version() returns trigger language plpgsql as $$
begin
  update data_version set n = n + 1, tx = pg_current_xact_id() where id and tx is distinct from pg_current_xact_id();
  return null;
end
$$;
