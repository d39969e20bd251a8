-- Issue 14 §5: administrators list the running instances in trouble (incidents in their history). History grows
-- with every step; this index holds the incidents only, so the list does not scan it.
create index ix_history_incidents on history (instance_id, id) where kind = 'incident';
