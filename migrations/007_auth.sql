-- Sign-in limits and session lifetimes (decision 0011).

-- One row per sign-in attempt not known to have succeeded: written before the password is checked (so parallel
-- attempts count), deleted with the rest of the (address, email) rows when a sign-in succeeds. What is left in the
-- window are failures, counted per (address, email) and per address by every app instance on this database.
create table login_attempts (
  id bigserial primary key,
  address text not null,
  email text not null,
  at timestamptz not null
);
create index login_attempts_address_idx on login_attempts (address, at);
create index login_attempts_at_idx on login_attempts (at);

-- Sessions: who (to end a user's other sessions), when they began (the absolute lifetime counts from there), when
-- the idle expiry was last pushed on (at most every few minutes) and when the row was last written.
alter table sessions add column user_id integer;
alter table sessions add column created_at timestamptz not null default now();
alter table sessions add column touched_at timestamptz not null default now();
alter table sessions add column updated_at timestamptz not null default now();
update sessions set user_id = (data->>'userId')::integer where data->>'userId' ~ '^[0-9]+$';
create index sessions_user_idx on sessions (user_id);
