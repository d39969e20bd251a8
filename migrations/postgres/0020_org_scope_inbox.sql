-- Issue 15: the inbox at 420,000 tasks. A role's scope was sent as an IN list of its whole subtree (20,000 ids for a
-- county) and every visible row was counted; now a scope is one range of an indexed key, and the inbox reads about a
-- page of index entries.
--
-- scope_key is a compact materialized path ('/1/17/2301/'): the path's guids (37 characters each) made index entries
-- ten times wider. Organizations never move, so a key never changes; a trigger numbers every new organization, so
-- imports, the API and the seeders need not know about it.
alter table organizations add column scope_no bigint;
alter table organizations add column scope_key text collate "C";
with recursive n as (
    select id, parent_id, row_number() over (order by path) as no from organizations
), k as (
    select n.id, n.no, '/' || n.no::text || '/' as key from n where n.parent_id is null
    union all
    select n.id, n.no, k.key || n.no::text || '/' from n join k on n.parent_id = k.id
)
update organizations o set scope_no = k.no, scope_key = k.key from k where k.id = o.id;
create unique index ux_organizations_scope_no on organizations (scope_no);
-- "C" as the path: a range of keys must compare character by character, not by a language's rules.
create unique index ux_organizations_scope_key on organizations (scope_key);
create sequence organizations_scope_no_seq;
select setval('organizations_scope_no_seq', (select coalesce(max(scope_no), 0)::bigint + 1 from organizations), false);
create function organizations_scope_key() returns trigger language plpgsql as $$
begin
    if new.scope_key is null then
        new.scope_no := nextval('organizations_scope_no_seq');
        new.scope_key := coalesce((select p.scope_key from organizations p where p.id = new.parent_id), '/') || new.scope_no::text || '/';
    end if;
    return new;
end $$;
create trigger tr_organizations_scope before insert on organizations for each row execute function organizations_scope_key();

-- A candidate row carries what the inbox sorts and filters by: the task organization's scope key, its due moment
-- (no due date sorts last) and whether it is in a candidate's inbox (open and unassigned: candidates count only
-- while nobody is assigned). The index replaces (kind, value): it holds open rows only, so it stays as small as
-- the open work, and a grant's page is one range of it.
alter table task_candidates add column org_key text collate "C";
alter table task_candidates add column due_key bigint;
alter table task_candidates add column inbox integer not null default 0;
update task_candidates c set
    org_key = o.scope_key,
    due_key = coalesce(t.due_at, 9223372036854775807::bigint),
    inbox = case when t.status = 'open' and t.assignee is null then 1 else 0 end
from tasks t left join organizations o on o.id = t.org_id
where t.id = c.task_id;
drop index ix_task_candidates_value;
create index ix_task_candidates_inbox on task_candidates (kind, value, org_key, due_key, task_id) where inbox = 1;

-- SQLite's indexes on these WITHOUT ROWID tables end with the primary key; PostgreSQL's need it named, or a page
-- sorted by (due, id) re-sorts every task sharing a due moment (a campaign-wide deadline: all of them).
drop index ix_tasks_open_due;
create index ix_tasks_open_due on tasks (due_at, id) where status = 'open';
drop index ix_tasks_open_assignee;
create index ix_tasks_open_assignee on tasks (assignee, due_at, id) where status = 'open' and assignee is not null;
drop index ix_tasks_open_org;
create index ix_tasks_open_org on tasks (org_id, due_at, id) where status = 'open';
drop index ix_tasks_completed_by;
create index ix_tasks_completed_by on tasks (completed_by, completed_at, id);

-- The public board's two tabs, each in opening order: a year's board holds a notice per subject (840,000 in a
-- city), and a tab's page is the first rows of this index instead of a sort of the whole tab. The tab is an
-- expression (NoticeStore.Tab) rather than the status list: given "status in (…)", SQLite picks the status index
-- and sorts every past notice.
create index ix_notices_board on notices ((case when status in ('open', 'investigating') then 1 else 0 end), opens_at, id);
