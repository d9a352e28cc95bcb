-- Issue 18: optional TOTP two-factor for programme-office accounts (decision 0032). The secret and the recovery codes'
-- table are in migration 021. A code is accepted once: the last accepted 30-second step is kept, and an earlier or
-- equal step is refused (no replay). Code attempts are counted here, per account, so every instance counts together.
alter table users add column totp_last_step bigint;

create table two_factor_attempts (
  id bigserial primary key,
  user_id integer not null references users(id) on delete cascade,
  at timestamptz not null
);
create index two_factor_attempts_user_idx on two_factor_attempts (user_id, at);
