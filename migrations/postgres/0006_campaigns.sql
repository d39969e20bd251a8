-- The annual campaign (年度星级创建) and what its workflows record: results awaiting ratification, public notices
-- (公示) with their objections, monthly practice records (督促践行) and discipline cases that open re-checks.

create table campaigns (
    id              text primary key,
    name            text not null,
    scheme_key      text not null,
    scheme_version  integer not null,
    year            integer not null,
    root_org_id     text not null references organizations(id),
    review_org_id   text references organizations(id),   -- 复审: where top-level results also go
    calendar        text not null,                        -- JSON: every step's deadline
    instance_id     text not null,
    status          text not null,                        -- running | closed
    started_at      bigint not null,
    started_by      text,
    closed_at       bigint,
    statistics      text,                                 -- JSON written at close
    unique (root_org_id, scheme_key, year)
);

-- One row per rated subject and campaign: the level proposed by assessment, then approved, then ratified.
create table campaign_results (
    campaign_id   text not null references campaigns(id),
    subject_kind  text not null,   -- organization | member
    subject_id    text not null,
    org_id        text not null,
    level         integer,
    score         text,
    status        text not null,   -- approved | noticed | ratified | rejected
    instance_id   text not null,
    updated_at    bigint not null,
    primary key (campaign_id, subject_kind, subject_id)
);
create index ix_campaign_results_status on campaign_results (campaign_id, status, level);

create table notices (
    id              text primary key,
    campaign_id     text,
    kind            text not null,   -- pledge | rating | demotion
    subject_kind    text not null,
    subject_id      text not null,
    subject_name    text not null,
    org_id          text not null,   -- the subject's organization (scope)
    year            integer not null,
    content         text not null,   -- JSON: the pledge, or the result being noticed
    opens_at        bigint not null,
    closes_at       bigint,          -- null: a publication without an objection window (pledges)
    status          text not null,   -- published | open | investigating | withdrawn | closed
    objection_count integer not null default 0,
    instance_id     text not null,
    checked_at      bigint
);
create index ix_notices_status on notices (status, closes_at);
create index ix_notices_subject on notices (subject_kind, subject_id);

-- Objections come from the public: nothing here identifies a user account; client_hash only rate-limits.
create table objections (
    id           text primary key,
    notice_id    text not null references notices(id),
    name         text not null,
    contact      text not null,
    content      text not null,
    filed_at     bigint not null,
    client_hash  text not null,
    status       text not null,   -- pending | dismissed | upheld
    decided_at   bigint,
    decided_by   text,
    decision     text
);
create index ix_objections_notice on objections (notice_id, status);
create index ix_objections_client on objections (client_hash, filed_at);

create table practice_records (
    id            text primary key,
    instance_id   text not null,
    subject_kind  text not null,
    subject_id    text not null,
    org_id        text not null,
    year          integer not null,
    month         integer not null,
    kind          text not null,   -- report | missed | quarter | half-year
    content       text not null,   -- JSON
    recorded_at   bigint not null,
    recorded_by   text
);
create index ix_practice_subject on practice_records (subject_kind, subject_id, year);

create table discipline_cases (
    id           text primary key,
    org_id       text not null references organizations(id),
    summary      text not null,
    recorded_at  bigint not null,
    recorded_by  text,
    instance_id  text not null
);
create index ix_discipline_cases_org on discipline_cases (org_id);
