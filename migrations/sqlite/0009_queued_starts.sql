-- Child instances that call activities start after their parent's step (WorkflowRuntime.InlineStartLimit): a row is
-- written in the parent's transaction and deleted in the transaction that starts the child, so a crash loses none
-- and starts none twice. id is the parent's call bookmark; claims work as the timers' do.
create table queued_starts (
    id                 text primary key,
    parent_instance_id text not null,
    element_id         text not null,
    called_element     text not null,
    business_key       text,
    variables          text not null,
    due_at             bigint not null,
    attempts           integer not null default 0, -- failed starts so far; retried with back-off, an incident each
    locked_by          text,
    locked_until       bigint
) without rowid;
create index ix_queued_starts_due on queued_starts (due_at);
