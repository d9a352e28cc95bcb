-- Issue 18: in-app notifications when something needs a user (decision 0032): written in the same transaction as the
-- event, one row per recipient; a user reads only their own (the policy's notificationsScope).
create table user_notifications (
  id bigserial primary key,
  user_id integer not null references users(id) on delete cascade,
  kind text not null,
  title text not null,
  href text not null,
  challenge_id integer references challenges(id) on delete cascade,
  created_at timestamptz not null,
  read_at timestamptz
);
create index user_notifications_user_idx on user_notifications (user_id, id desc);
create index user_notifications_unread_idx on user_notifications (user_id) where read_at is null;
