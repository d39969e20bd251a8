-- 已办: the tasks a user completed, newest first. (The campaign filter uses ix_instances_business_key of 0001.)
create index ix_tasks_completed_by on tasks (completed_by, completed_at);
