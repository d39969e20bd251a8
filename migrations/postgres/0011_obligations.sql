-- Recurring obligations (三会一课, 主题党日, dues, work reports; issue 5): each period of each obligation of an
-- organization is one workflow instance with a "record it" task. Its row is written by the instance's first step, so
-- the key below makes a second start of the same period (two nodes at once) fail and roll back. Then it holds what
-- was recorded, or that it was missed; missed ones of attendance obligations count as absences in the scoring.
create table obligation_records (
    obligation_key text not null,
    period         text not null,     -- 2027-03 (monthly) | 2027-Q1 (quarterly) | 2027 (yearly)
    org_id         text not null,
    instance_id    text not null unique,
    year           integer not null,
    status         text not null,     -- open | recorded | missed
    held_on        text,              -- ISO date the meeting or activity took place
    attendance     integer,
    topic          text,
    minutes        text,
    attachments    text,              -- JSON array of file names or links
    recorded_at    bigint not null,
    recorded_by    text,
    primary key (obligation_key, period, org_id)
);
create index ix_obligation_records_org on obligation_records (org_id, year, status);
