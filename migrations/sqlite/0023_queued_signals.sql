-- Signal deliveries (WorkflowRuntime.InlineSignalLimit): when a signal is thrown, one row per bookmark waiting for it
-- is written in the thrower's transaction (a snapshot: waits armed later do not receive it). The thrower delivers
-- the first ones itself; the sweep delivers the rest, each row deleted in the transaction that delivers it, so a
-- crash loses none and delivers none twice. id is signal_id:bookmark_id; claims work as the timers' do.
create table queued_signals (
    id           text primary key,
    signal_id    text not null,
    signal_name  text not null,
    instance_id  text not null,
    bookmark_id  text not null,
    variables    text not null,
    due_at       bigint not null,
    attempts     integer not null default 0, -- failed deliveries so far; retried with back-off, an incident each
    locked_by    text,
    locked_until bigint
) without rowid;
create index ix_queued_signals_due on queued_signals (due_at);
create index ix_queued_signals_signal on queued_signals (signal_id);
