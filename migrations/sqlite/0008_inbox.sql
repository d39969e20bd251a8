-- The inbox filters tasks by campaign: every instance of a campaign carries the business key campaign:{id}.
create index ix_instances_business_key on instances (business_key);
-- 已办: the tasks a user completed, newest first.
create index ix_tasks_completed_by on tasks (completed_by, completed_at);
