-- Issue 17: 委托 (delegation while away) and 抄送 (copies).
--
-- A delegation hands a user's tasks to a delegate for a period [starts_at, ends_at) in epoch ms; revoking one ends it
-- at that moment (ends_at moves, revoked_at says so). Logins, as tasks name people. The inbox asks "who delegated to
-- me now" on every page, and the reminder mails "who is away now": both are one range of an index by person and end.
create table delegations (
    id          text primary key,
    delegator   text not null,
    delegate    text not null,
    starts_at   bigint not null,
    ends_at     bigint not null,
    reason      text not null,
    created_at  bigint not null,
    revoked_at  bigint,
    revoked_by  text
);
create index ix_delegations_delegate on delegations (delegate, ends_at);
create index ix_delegations_delegator on delegations (delegator, ends_at);

-- Who a delegate completed a task for ("<delegate> 代 <delegator>"), written with the completion itself.
alter table tasks add column on_behalf_of text;

-- A copy (抄送) of an instance's step or result to a person: never a task, never waited for. from_login null: the
-- process copied. The 抄送我的 tab reads one person's copies newest first; opening an instance marks its copies read.
create table copies (
    id          text primary key,
    instance_id text not null,
    task_id     text,
    element_id  text,
    from_login  text,
    to_login    text not null,
    note        text,
    created_at  bigint not null,
    read_at     bigint
);
create index ix_copies_to on copies (to_login, created_at, id);
create index ix_copies_instance on copies (instance_id, to_login);
