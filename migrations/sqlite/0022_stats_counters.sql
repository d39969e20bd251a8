-- Issue 15: a campaign's statistics at 420,000 instances. /stats counted the campaign's open tasks per step and
-- its overdue tasks per organization by reading every open task (3.5-4.4 s), and its results per level by reading
-- every result. These counters are kept by triggers in the transaction that changes a task or a result, so every
-- writer (a step, a completion, a cancellation, a migration, a rating handler, an import) keeps them exact without
-- knowing about them, and the page reads a range of rows bounded by organizations x steps x due days.

-- Open tasks of instances with a business key (a campaign's is campaign:<id>), per step, task organization and due
-- day. due_day is the China-time midnight that ends the task's due day (the calendar's deadlines fall at midnight,
-- so such a deadline is its own due_day); a row whose due_day is before now is wholly overdue, and only tasks due
-- earlier today need reading one by one (OpenTaskCounts). No due date: the largest bigint, never overdue.
-- org_id '' stands for a task without an organization (a key column cannot be null on PostgreSQL).
create table open_task_counts (
    business_key text not null,
    element_id   text not null,
    org_id       text not null,
    due_day      bigint not null,
    n            bigint not null,
    primary key (business_key, element_id, org_id, due_day)
) without rowid;

-- The due-day arithmetic, written out in each trigger (SQLite has no functions): 28,800,000 ms is UTC+8, a day is
-- 86,400,000 ms; OpenTaskCounts.DueDay computes the same in C#.
create trigger tr_tasks_count_insert after insert on tasks when new.status = 'open'
begin
    insert into open_task_counts (business_key, element_id, org_id, due_day, n)
    select i.business_key, new.element_id, coalesce(new.org_id, ''),
           case when new.due_at is null then 9223372036854775807 else (new.due_at + 28800000 + 86399999) / 86400000 * 86400000 - 28800000 end, 1
    from instances i where i.id = new.instance_id and i.business_key is not null
    on conflict (business_key, element_id, org_id, due_day) do update set n = n + 1;
end;

create trigger tr_tasks_count_update after update of status, element_id, org_id, due_at on tasks
when old.status = 'open' or new.status = 'open'
begin
    update open_task_counts set n = n - 1
    where old.status = 'open'
      and business_key = (select i.business_key from instances i where i.id = old.instance_id)
      and element_id = old.element_id and org_id = coalesce(old.org_id, '')
      and due_day = case when old.due_at is null then 9223372036854775807 else (old.due_at + 28800000 + 86399999) / 86400000 * 86400000 - 28800000 end;
    delete from open_task_counts
    where old.status = 'open' and n = 0
      and business_key = (select i.business_key from instances i where i.id = old.instance_id)
      and element_id = old.element_id and org_id = coalesce(old.org_id, '')
      and due_day = case when old.due_at is null then 9223372036854775807 else (old.due_at + 28800000 + 86399999) / 86400000 * 86400000 - 28800000 end;
    insert into open_task_counts (business_key, element_id, org_id, due_day, n)
    select i.business_key, new.element_id, coalesce(new.org_id, ''),
           case when new.due_at is null then 9223372036854775807 else (new.due_at + 28800000 + 86399999) / 86400000 * 86400000 - 28800000 end, 1
    from instances i where new.status = 'open' and i.id = new.instance_id and i.business_key is not null
    on conflict (business_key, element_id, org_id, due_day) do update set n = n + 1;
end;

create trigger tr_tasks_count_delete after delete on tasks when old.status = 'open'
begin
    update open_task_counts set n = n - 1
    where business_key = (select i.business_key from instances i where i.id = old.instance_id)
      and element_id = old.element_id and org_id = coalesce(old.org_id, '')
      and due_day = case when old.due_at is null then 9223372036854775807 else (old.due_at + 28800000 + 86399999) / 86400000 * 86400000 - 28800000 end;
    delete from open_task_counts
    where n = 0 and business_key = (select i.business_key from instances i where i.id = old.instance_id)
      and element_id = old.element_id and org_id = coalesce(old.org_id, '')
      and due_day = case when old.due_at is null then 9223372036854775807 else (old.due_at + 28800000 + 86399999) / 86400000 * 86400000 - 28800000 end;
end;

insert into open_task_counts (business_key, element_id, org_id, due_day, n)
select i.business_key, t.element_id, coalesce(t.org_id, ''),
       case when t.due_at is null then 9223372036854775807 else (t.due_at + 28800000 + 86399999) / 86400000 * 86400000 - 28800000 end, count(*)
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
) without rowid;

create trigger tr_campaign_results_count_insert after insert on campaign_results
begin
    insert into campaign_result_counts (campaign_id, subject_kind, status, level, grade, n)
    values (new.campaign_id, new.subject_kind, new.status, coalesce(new.level, -1), coalesce(new.grade, ''), 1)
    on conflict (campaign_id, subject_kind, status, level, grade) do update set n = n + 1;
end;

create trigger tr_campaign_results_count_update after update of campaign_id, subject_kind, status, level, grade on campaign_results
begin
    update campaign_result_counts set n = n - 1
    where campaign_id = old.campaign_id and subject_kind = old.subject_kind and status = old.status
      and level = coalesce(old.level, -1) and grade = coalesce(old.grade, '');
    delete from campaign_result_counts
    where n = 0 and campaign_id = old.campaign_id and subject_kind = old.subject_kind and status = old.status
      and level = coalesce(old.level, -1) and grade = coalesce(old.grade, '');
    insert into campaign_result_counts (campaign_id, subject_kind, status, level, grade, n)
    values (new.campaign_id, new.subject_kind, new.status, coalesce(new.level, -1), coalesce(new.grade, ''), 1)
    on conflict (campaign_id, subject_kind, status, level, grade) do update set n = n + 1;
end;

create trigger tr_campaign_results_count_delete after delete on campaign_results
begin
    update campaign_result_counts set n = n - 1
    where campaign_id = old.campaign_id and subject_kind = old.subject_kind and status = old.status
      and level = coalesce(old.level, -1) and grade = coalesce(old.grade, '');
    delete from campaign_result_counts
    where n = 0 and campaign_id = old.campaign_id and subject_kind = old.subject_kind and status = old.status
      and level = coalesce(old.level, -1) and grade = coalesce(old.grade, '');
end;

insert into campaign_result_counts (campaign_id, subject_kind, status, level, grade, n)
select campaign_id, subject_kind, status, coalesce(level, -1), coalesce(grade, ''), count(*)
from campaign_results group by 1, 2, 3, 4, 5;
