-- Issue 15: a campaign's statistics at 420,000 instances. /stats counted the campaign's open tasks per step and
-- its overdue tasks per organization by reading every open task (~1 s), and its results per level by reading
-- every result. These counters are kept by triggers in the transaction that changes a task or a result, so every
-- writer (a step, a completion, a cancellation, a migration, a rating handler, an import) keeps them exact without
-- knowing about them, and the page reads a range of rows bounded by organizations x steps x due days.

-- Open tasks of instances with a business key (a campaign's is campaign:<id>), per step, task organization and due
-- day. due_day is the China-time midnight that ends the task's due day (the calendar's deadlines fall at midnight,
-- so such a deadline is its own due_day); a row whose due_day is before now is wholly overdue, and only tasks due
-- earlier today need reading one by one (OpenTaskCounts). No due date: the largest bigint, never overdue.
-- org_id '' stands for a task without an organization (a key column cannot be null).
create table open_task_counts (
    business_key text not null,
    element_id   text not null,
    org_id       text not null,
    due_day      bigint not null,
    n            bigint not null,
    primary key (business_key, element_id, org_id, due_day)
);

-- 28,800,000 ms is UTC+8, a day is 86,400,000 ms; OpenTaskCounts.DueDay computes the same in C#.
create function task_due_day(due_at bigint) returns bigint language sql immutable as $$
    select case when due_at is null then 9223372036854775807::bigint else (due_at + 28800000 + 86399999) / 86400000 * 86400000 - 28800000 end
$$;

-- A campaign's start inserts thousands of tasks per statement: one grouped upsert per statement, not one per row.
create function tasks_count_inserted() returns trigger language plpgsql as $$
begin
    insert into open_task_counts (business_key, element_id, org_id, due_day, n)
    select i.business_key, t.element_id, coalesce(t.org_id, ''), task_due_day(t.due_at), count(*)
    from added t join instances i on i.id = t.instance_id
    where t.status = 'open' and i.business_key is not null
    group by 1, 2, 3, 4
    on conflict (business_key, element_id, org_id, due_day)
    do update set n = open_task_counts.n + excluded.n;
    return null;
end $$;
create trigger tr_tasks_count_insert after insert on tasks referencing new table as added
    for each statement execute function tasks_count_inserted();

-- Completions, cancellations and migrations change one task per statement.
create function tasks_count_changed() returns trigger language plpgsql as $$
declare
    key text;
begin
    if tg_op in ('UPDATE', 'DELETE') and old.status = 'open' then
        select i.business_key into key from instances i where i.id = old.instance_id;
        if key is not null then
            update open_task_counts set n = n - 1
            where business_key = key and element_id = old.element_id and org_id = coalesce(old.org_id, '') and due_day = task_due_day(old.due_at);
            delete from open_task_counts
            where n = 0 and business_key = key and element_id = old.element_id and org_id = coalesce(old.org_id, '') and due_day = task_due_day(old.due_at);
        end if;
    end if;
    if tg_op = 'UPDATE' and new.status = 'open' then
        select i.business_key into key from instances i where i.id = new.instance_id;
        if key is not null then
            insert into open_task_counts (business_key, element_id, org_id, due_day, n)
            values (key, new.element_id, coalesce(new.org_id, ''), task_due_day(new.due_at), 1)
            on conflict (business_key, element_id, org_id, due_day)
            do update set n = open_task_counts.n + 1;
        end if;
    end if;
    return null;
end $$;
create trigger tr_tasks_count_update after update of status, element_id, org_id, due_at on tasks
    for each row when (old.status = 'open' or new.status = 'open') execute function tasks_count_changed();
create trigger tr_tasks_count_delete after delete on tasks
    for each row when (old.status = 'open') execute function tasks_count_changed();

insert into open_task_counts (business_key, element_id, org_id, due_day, n)
select i.business_key, t.element_id, coalesce(t.org_id, ''), task_due_day(t.due_at), count(*)
from tasks t join instances i on i.id = t.instance_id
where t.status = 'open' and i.business_key is not null
group by 1, 2, 3, 4;

-- A campaign's results per subject kind, status, level and grade (-1: no level; '': no grade).
create table campaign_result_counts (
    campaign_id  text not null,
    subject_kind text not null,
    status       text not null,
    level        integer not null,
    grade        text not null,
    n            bigint not null,
    primary key (campaign_id, subject_kind, status, level, grade)
);

create function campaign_results_count_changed() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update campaign_result_counts set n = n - 1
        where campaign_id = old.campaign_id and subject_kind = old.subject_kind and status = old.status
          and level = coalesce(old.level, -1) and grade = coalesce(old.grade, '');
        delete from campaign_result_counts
        where n = 0 and campaign_id = old.campaign_id and subject_kind = old.subject_kind and status = old.status
          and level = coalesce(old.level, -1) and grade = coalesce(old.grade, '');
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into campaign_result_counts (campaign_id, subject_kind, status, level, grade, n)
        values (new.campaign_id, new.subject_kind, new.status, coalesce(new.level, -1), coalesce(new.grade, ''), 1)
        on conflict (campaign_id, subject_kind, status, level, grade) do update set n = campaign_result_counts.n + 1;
    end if;
    return null;
end $$;
create trigger tr_campaign_results_count after insert or delete on campaign_results
    for each row execute function campaign_results_count_changed();
create trigger tr_campaign_results_count_update after update of campaign_id, subject_kind, status, level, grade on campaign_results
    for each row execute function campaign_results_count_changed();

insert into campaign_result_counts (campaign_id, subject_kind, status, level, grade, n)
select campaign_id, subject_kind, status, coalesce(level, -1), coalesce(grade, ''), count(*)
from campaign_results group by 1, 2, 3, 4, 5;
