-- Issue 15: on SQLite the store now counts the tasks it inserts (a row trigger per task was too slow there). PostgreSQL
-- keeps migration 0022's statement-level trigger, one grouped upsert per insert statement; nothing changes here. The
-- file keeps both databases' migration lists in step.
select 1;
