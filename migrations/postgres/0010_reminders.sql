-- Reminders (issue 5). A task's reminder policy (ap:remindBefore / remindEvery / escalateAfter) is a pure function
-- of its creation, due time and attributes, so only its next moment is stored, in a narrow table of its own: the
-- sweep moves hundreds of thousands of them at a campaign-wide deadline, and on the wide, many-indexed tasks table
-- each move would rewrite the row and every index. A closed task's row is removed when its moment comes.
create table task_reminders (
    task_id text primary key,
    next_at bigint not null
);
create index ix_task_reminders_next on task_reminders (next_at);
alter table tasks add column escalated_at bigint;   -- when the upper organization was told (ap:escalateAfter)

-- Each reminder moment a sweep decided, once per task, kind and moment (the key makes a repeated sweep harmless).
-- Recipients are resolved when it is mailed: in the day's digest, or at once for the kinds configured urgent.
create table reminders (
    task_id    text not null,
    kind       text not null,     -- before | overdue | escalation | urge (催办)
    at         bigint not null,   -- the moment it is for
    created_at bigint not null,
    actor      text,              -- who pressed 催办
    status     text not null,     -- pending | sent | dropped (the task was closed before it went out)
    sent_at    bigint,
    primary key (task_id, kind, at)
);
create index ix_reminders_pending on reminders (created_at) where status = 'pending';

-- A user's calendar feed (.ics) is read by calendar programs that cannot sign in: its URL carries a token of its own,
-- kept only as a SHA-256 hash, replaced whenever the user asks for a new link.
alter table users add column calendar_token_hash text;
create unique index ux_users_calendar_token on users (calendar_token_hash) where calendar_token_hash is not null;
