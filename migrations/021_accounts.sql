-- Issue 18: accounts run from the browser (decision 0027). Invitations and password resets are single-use links
-- whose tokens are stored only as SHA-256 hashes; an invited account has no password until the link is used.
-- Single sign-on links an account to its provider's subject; two-factor keeps a TOTP secret and recovery codes.
alter table users alter column password_hash drop not null;
alter table users add column last_sign_in_at timestamptz;
alter table users add column deactivated_at timestamptz;
alter table users add column invited_at timestamptz;
alter table users add column sso_subject text;
alter table users add column totp_secret text;
alter table users add column totp_enabled_at timestamptz;
create unique index users_sso_subject_idx on users (sso_subject) where sso_subject is not null;

create table account_tokens (
  id bigserial primary key,
  purpose text not null check (purpose in ('invitation', 'password-reset')),
  token_hash text not null unique,
  user_id integer not null references users(id) on delete cascade,
  created_by integer references users(id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index account_tokens_user_idx on account_tokens (user_id, purpose);

create table recovery_codes (
  id bigserial primary key,
  user_id integer not null references users(id) on delete cascade,
  code_hash text not null,
  created_at timestamptz not null,
  used_at timestamptz
);
create index recovery_codes_user_idx on recovery_codes (user_id);

-- Per council: may its own officers invite colleagues from the same council (the programme office decides).
create table council_account_settings (
  council_id integer primary key references councils(id),
  officers_may_invite boolean not null default false,
  updated_at timestamptz not null
);
