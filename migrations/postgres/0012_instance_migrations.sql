-- Who moved which running instances to another version of their process (issue 6), with the element mapping used.
-- Each instance also gets an 'instance-migrated' history entry. Append-only, like history: a trigger refuses changes.
create table instance_migrations (
    id                 text primary key,
    definition_key     text not null,
    from_definition_id text not null,
    from_version       integer not null,
    to_definition_id   text not null,
    to_version         integer not null,
    mapping            text not null,     -- JSON object: old element id -> new element id (hand-made entries only)
    instance_ids       text not null,     -- JSON array of the instances moved
    instance_count     integer not null,
    skipped_count      integer not null,  -- selected but unable to move (the dry run says why)
    migrated_by        text not null,
    migrated_at        bigint not null
);
create index ix_instance_migrations_key on instance_migrations (definition_key, migrated_at);

create function instance_migrations_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'instance_migrations is append-only';
end $$;
create trigger instance_migrations_no_update_or_delete before update or delete on instance_migrations
    for each row execute function instance_migrations_is_append_only();
