-- Issue 13: what a scheme's absence rule counts. Scheme C deducts for "无故不参加市直工委组织召开的会议、培训或不按时
-- 完成市直工委安排部署的工作任务": the organization department above records each such event with its date, and each
-- scheme declares which kinds of event count (absenceEvents). Records are evidence for a deduction: append-only.
create table absence_events (
    id           text primary key,
    org_id       text not null references organizations(id),
    kind         text not null,      -- owner-meeting | owner-training | owner-task
    occurred_on  text not null,      -- ISO date
    note         text not null,
    recorded_at  bigint not null,
    recorded_by  text
);
create index ix_absence_events_org on absence_events (org_id, occurred_on);

create function absence_events_are_append_only() returns trigger language plpgsql as $$
begin raise exception 'absence events are append-only'; end; $$;
create trigger absence_events_no_update_or_delete before update or delete on absence_events
    for each row execute function absence_events_are_append_only();
