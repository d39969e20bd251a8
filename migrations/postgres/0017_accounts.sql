-- Issue 14 §2: accounts an administrator manages.

-- A disabled account signs in no more, and its sessions and API tokens stop working at once.
alter table users add column disabled_at bigint;

-- API tokens: several per user, each named, expiring and revocable; only the SHA-256 hash is kept (the token is
-- shown once, when issued). Expiry is in real time (ms), like sessions: the demo clock moving ahead expires nothing.
create table api_tokens (
    id          text primary key,
    user_id     text not null references users(id),
    name        text not null,
    token_hash  text not null unique,
    created_at  bigint not null,
    expires_at  bigint not null,
    revoked_at  bigint,
    revoked_by  text
);
create index ix_api_tokens_user on api_tokens (user_id);

-- The one token each user had moves here, valid 90 days from today; users.token_hash is emptied (kept as a column:
-- SQLite cannot drop a unique column) and no longer read.
insert into api_tokens (id, user_id, name, token_hash, created_at, expires_at)
select 'migrated-' || id, id, '原有令牌', token_hash, (extract(epoch from now()) * 1000)::bigint, (extract(epoch from now()) * 1000)::bigint + 90::bigint * 86400000
from users where token_hash is not null;
update users set token_hash = null;

-- Optional second factor (TOTP, RFC 6238) for administrators and organization departments: the shared secret
-- (base32), and the last time step accepted, so one code signs in once.
alter table users add column totp_secret text;
alter table users add column totp_last_step bigint;

-- The security log: sign-ins, failures, lockouts, account and role changes, tokens, administrators' actions.
-- Append-only: the database refuses to change or delete a row.
create table security_log (
    id       bigint generated always as identity primary key,
    at       bigint not null,
    kind     text not null,
    actor    text,
    subject  text,
    address  text,
    detail   text
);
create index ix_security_log_at on security_log (at);
create index ix_security_log_kind on security_log (kind, at);
create function security_log_is_append_only() returns trigger language plpgsql as $$
begin raise exception 'the security log is append-only'; end; $$;
create trigger security_log_no_update_or_delete before update or delete on security_log
    for each row execute function security_log_is_append_only();
