-- Issue 17, administrators' operations. An instance an administrator suspended (挂起) does not move: its timers stay
-- in the timers table under a claim that never expires (locked_by '(suspended)') and are released on resume.
alter table instances add column suspended integer not null default 0;

-- A batch operation over a filtered set of instances (cancel, retry, migrate, suspend, resume): the set is fixed
-- when the batch is created (one item row per instance), and a Hangfire job works through the pending items in
-- chunks. Each item's operation and its 'done' mark commit in one transaction, so a crash leaves every item done
-- once or not at all; progress is counted from the items. status: running, paused, done.
create table batches (
    id                   text primary key,
    operation            text not null,
    filter               text not null,   -- the filter as the administrator chose it (JSON), shown on the page
    reason               text not null,
    target_definition_id text,            -- migrate: the version the instances move to
    status               text not null,
    total                integer not null,
    created_by           text not null,
    created_at           bigint not null,
    finished_at          bigint
);
create index ix_batches_created on batches (created_at);

create table batch_items (
    batch_id    text not null,
    instance_id text not null,
    seq         integer not null,        -- the order items are worked through
    status      text not null,           -- pending, done, failed
    error       text,
    at          bigint,
    primary key (batch_id, instance_id)
);
create index ix_batch_items_status on batch_items (batch_id, status, seq);
