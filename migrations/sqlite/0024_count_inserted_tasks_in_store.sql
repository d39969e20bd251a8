-- Issue 15: the row trigger that counted every inserted task into open_task_counts (migration 0022) cost a tenth of a
-- campaign's start on SQLite (measured at 42,000 instances: 77-80 % of the same-run baseline with it, 89-91 % without).
-- Tasks are inserted only by the workflow store, which now adds one grouped upsert per step to the same batch
-- (DapperWorkflowSession.AppendAddedBookmarks; SqlDialect.CountsInsertedTasks). Updates and deletes stay counted
-- by the triggers: they come from many writers. PostgreSQL keeps its statement trigger (one upsert per statement).
drop trigger tr_tasks_count_insert;
