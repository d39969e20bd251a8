-- The durable workflow runtime. Times are UTC milliseconds since the Unix epoch (bigint on both databases, so
-- one set of queries serves SQLite and PostgreSQL and ordering is numeric). JSON columns hold engine state.
-- Tables keyed by text ids with small rows are WITHOUT ROWID: the row lives in the primary-key tree, so a write
-- touches one tree fewer (in WAL mode every touched page is copied at commit; this was the start path's main cost).

create table definitions (
    id            text primary key,
    key           text not null,
    version       integer not null,
    name          text,
    xml           text not null,
    deployed_at   bigint not null,
    deployed_by   text,
    unique (key, version)
);

create table instances (
    id                 text primary key,
    definition_id      text not null references definitions(id),
    definition_key     text not null,
    version            integer not null,
    business_key       text,
    status             text not null,
    parent_instance_id text,
    parent_bookmark_id text,
    variables          text not null,
    row_version        integer not null,
    started_at         bigint not null,
    started_by         text,
    ended_at           bigint
);
create index ix_instances_definition on instances (definition_key, version, status);
create index ix_instances_parent on instances (parent_instance_id) where parent_instance_id is not null;
create index ix_instances_business_key on instances (business_key) where business_key is not null;

-- Tokens and scopes of running instances; rows go away when the instance ends.
-- parent_id and element_id repeat what data holds, for queries (how many tokens wait at each element).
create table executions (
    id          text primary key,
    instance_id text not null,
    parent_id   text,
    element_id  text not null,
    data        text not null
) without rowid;
create index ix_executions_instance on executions (instance_id);

-- Everything an execution waits on. Tasks and timers have their own tables keyed by the bookmark id.
create table bookmarks (
    id              text primary key,
    instance_id     text not null,
    execution_id    text not null,
    element_id      text not null,
    kind            text not null,
    message_name    text,
    correlation_key text,
    created_at      bigint not null,
    data            text not null
);
create index ix_bookmarks_instance on bookmarks (instance_id);
create index ix_bookmarks_message on bookmarks (message_name, correlation_key, created_at) where message_name is not null;

create table tasks (
    id              text primary key,
    instance_id     text not null,
    definition_key  text not null,
    element_id      text not null,
    name            text not null,
    assignee        text,
    org_id          text,
    form_key        text,
    priority        integer not null,
    due_at          bigint,
    follow_up_at    bigint,
    status          text not null,
    created_at      bigint not null,
    completed_at    bigint,
    completed_by    text,
    outcome         text,
    comment         text,
    extensions      text not null
) without rowid;
create index ix_tasks_instance on tasks (instance_id);
create index ix_tasks_open_assignee on tasks (assignee, due_at) where status = 'open' and assignee is not null;
create index ix_tasks_open_org on tasks (org_id, due_at) where status = 'open';
create index ix_tasks_open_due on tasks (due_at) where status = 'open';

create table task_candidates (
    task_id text not null,
    kind    text not null, -- 'user' | 'group'
    value   text not null,
    primary key (task_id, kind, value)
) without rowid;
create index ix_task_candidates_value on task_candidates (kind, value);

-- Due timers, swept in batches by due_at; a claim (locked_by, locked_until) keeps two nodes off one timer.
create table timers (
    id            text primary key,
    instance_id   text,
    definition_id text,
    element_id    text not null,
    due_at        bigint not null,
    period        text,
    remaining     integer,
    attempts      integer not null default 0, -- failed firings so far; retried with back-off, then an incident
    locked_by     text,
    locked_until  bigint
) without rowid;
create index ix_timers_due on timers (due_at);

-- Side effects written in the step's transaction and delivered after commit, at most once per key.
create table outbox (
    id               integer primary key autoincrement,
    idempotency_key  text not null unique,
    kind             text not null,
    instance_id      text,
    payload          text not null,
    status           text not null, -- 'pending' | 'delivered' | 'dead'
    attempts         integer not null default 0,
    created_at       bigint not null,
    next_attempt_at  bigint not null,
    locked_by        text,
    locked_until     bigint,
    delivered_at     bigint,
    last_error       text
);
create index ix_outbox_pending on outbox (next_attempt_at) where status = 'pending';

-- Append-only: nothing updates or deletes these rows (triggers enforce it).
create table history (
    id          integer primary key autoincrement,
    instance_id text not null,
    at          bigint not null,
    kind        text not null,
    element_id  text,
    actor       text,
    outcome     text,
    comment     text,
    task_id     text
);
create index ix_history_instance on history (instance_id, id);

create trigger history_no_update before update on history
begin select raise(abort, 'history is append-only'); end;
create trigger history_no_delete before delete on history
begin select raise(abort, 'history is append-only'); end;
