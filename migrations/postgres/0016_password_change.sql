-- Issue 14 §2: the administrator created at first start gets a one-time password, printed once, that must be
-- replaced at the first sign-in; the flag holds until the user sets their own.
alter table users add column must_change_password integer not null default 0;

-- Lockout per account (not only per address): after repeated wrong passwords the account refuses passwords a while.
alter table users add column failed_sign_ins integer not null default 0;
alter table users add column locked_until bigint;

-- Session stamp: a cookie carries the stamp it was issued with; a password change or a sign-out renews it, which
-- ends the user's other sessions at their next request.
alter table users add column session_stamp text;
