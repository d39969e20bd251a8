-- The ratings ledger (星级管理台账): every level ever given to an organization or member, with where it came from.
-- Append-only: the current level is the newest row per subject; triggers refuse updates and deletes.
create table ratings (
    id              integer primary key autoincrement,
    subject_kind    text not null,   -- organization | member
    subject_id      text not null,
    org_id          text not null,   -- the organization itself, or the member's organization (for scope)
    scheme_key      text not null,
    scheme_version  integer not null,
    year            integer not null,
    level           integer,         -- null: no level (不定星级)
    qualified       integer not null,
    rectification   integer not null,
    score           text,            -- decimal as text, exact on both databases
    source          text not null,   -- annual | recheck | demotion
    approvals       text not null,   -- JSON: [{orgId, by, at, opinion}]
    notice_id       text,
    recorded_at     bigint not null,
    recorded_by     text
);
create index ix_ratings_subject on ratings (subject_kind, subject_id, id);
create index ix_ratings_org on ratings (org_id, year);

create trigger ratings_no_update before update on ratings
begin select raise(abort, 'the ratings ledger is append-only'); end;
create trigger ratings_no_delete before delete on ratings
begin select raise(abort, 'the ratings ledger is append-only'); end;
