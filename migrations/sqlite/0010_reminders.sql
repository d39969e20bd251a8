-- Reminders (issue 5). A task's reminder policy (ap:remindBefore / remindEvery / escalateAfter) is a pure function
-- of its creation, due time and attributes, so a task stores only its next moment; the sweep finds due ones by index.
alter table tasks add column next_reminder_at bigint;
alter table tasks add column escalated_at bigint;
create index ix_tasks_next_reminder on tasks (next_reminder_at) where status = 'open' and next_reminder_at is not null;

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
) without rowid;
create index ix_reminders_pending on reminders (created_at) where status = 'pending';
