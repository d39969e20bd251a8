-- Issue 15: the inbox at 420,000 tasks. A role's scope was sent as an IN list of its whole subtree (20,000 ids for a
-- county) and every visible row was counted; now a scope is one range of an indexed key, and the inbox reads about a
-- page of index entries.
--
-- scope_key is a compact materialized path ('/1/17/2301/'): the path's guids (37 characters each) made index entries
-- ten times wider. Organizations never move, so a key never changes; a trigger numbers every new organization, so
-- imports, the API and the seeders need not know about it. Existing rows take their rowid (unique, insertion order).
alter table organizations add column scope_no integer;
alter table organizations add column scope_key text;
with recursive k(id, no, key) as (
    select id, rowid, '/' || rowid || '/' from organizations where parent_id is null
    union all
    select o.id, o.rowid, k.key || o.rowid || '/' from organizations o join k on o.parent_id = k.id
)
update organizations set scope_no = k.no, scope_key = k.key from k where k.id = organizations.id;
create unique index ux_organizations_scope_no on organizations (scope_no);
create unique index ux_organizations_scope_key on organizations (scope_key);
create trigger tr_organizations_scope after insert on organizations when new.scope_key is null
begin
    update organizations set
        scope_no = (select coalesce(max(scope_no), 0) + 1 from organizations),
        scope_key = coalesce((select p.scope_key from organizations p where p.id = new.parent_id), '/')
                    || (select coalesce(max(scope_no), 0) + 1 from organizations) || '/'
    where id = new.id;
end;

-- A candidate row carries what the inbox sorts and filters by: the task organization's scope key, its due moment
-- (no due date sorts last) and whether it is in a candidate's inbox (open and unassigned: candidates count only
-- while nobody is assigned). The index replaces (kind, value): it holds open rows only, so it stays as small as
-- the open work, and a grant's page is one range of it.
alter table task_candidates add column org_key text;
alter table task_candidates add column due_key bigint;
alter table task_candidates add column inbox integer not null default 0;
update task_candidates set
    org_key = o.scope_key,
    due_key = coalesce(t.due_at, 9223372036854775807),
    inbox = case when t.status = 'open' and t.assignee is null then 1 else 0 end
from tasks t left join organizations o on o.id = t.org_id
where t.id = task_candidates.task_id;
drop index ix_task_candidates_value;
create index ix_task_candidates_inbox on task_candidates (kind, value, org_key, due_key) where inbox = 1;

-- The public board's two tabs, each in opening order: a year's board holds a notice per subject (840,000 in a
-- city), and a tab's page is the first rows of this index instead of a sort of the whole tab. The tab is an
-- expression (NoticeStore.Tab) rather than the status list: given "status in (…)", SQLite picks the status index
-- and sorts every past notice.
create index ix_notices_board on notices ((case when status in ('open', 'investigating') then 1 else 0 end), opens_at, id);
