-- Issue 17, decision 0031: one number that changes whenever the data pages show changes, read by every cached page
-- so that a page cached by one instance is never served after a change made through any instance. Bumped once per
-- writing transaction, at its commit: a statement-level trigger on every table but the sessions, the sign-in counts
-- and the migrations (added to each table by src/db/data-version.ts after the migrations, so later tables get it too)
-- notes the transaction in `data_version_pending`; a deferred constraint trigger on that row bumps the number when
-- the transaction commits. Taking the number's row lock only at commit, when a transaction asks for no other lock,
-- means two writers can never deadlock on it (a lock taken at the first write would be held while the transaction
-- goes on to wait for rows another writer holds, and that writer would wait for the number). Transactional: a reader
-- sees the new number exactly when it sees the change.
create table data_version (
  id boolean primary key default true check (id),
  n bigint not null
);
insert into data_version (id, n) values (true, 1);

create table data_version_pending (
  tx xid8 primary key
);

create or replace function bump_data_version() returns trigger language plpgsql as $$
begin
  insert into data_version_pending (tx) values (pg_current_xact_id()) on conflict do nothing;
  return null;
end
$$;

create or replace function commit_data_version() returns trigger language plpgsql as $$
begin
  update data_version set n = n + 1 where id;
  delete from data_version_pending where tx = new.tx;
  return null;
end
$$;

create constraint trigger data_version_at_commit after insert on data_version_pending
  deferrable initially deferred for each row execute function commit_data_version();
