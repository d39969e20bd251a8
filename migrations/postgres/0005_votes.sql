-- 民主测评: a vote session per subject and year. Secret ballots are stored so that nothing links them to a voter:
-- no voter id, no time, and a random key instead of any sequence.
-- Who has voted is kept apart, also without time, only to let each eligible voter vote once.
create table vote_sessions (
    id            text primary key,
    subject_kind  text not null,
    subject_id    text not null,
    org_id        text not null,
    scheme_key    text not null,
    year          integer not null,
    mode          text not null,     -- secret | show-of-hands
    stars         text not null,     -- JSON array of the star keys voted on
    eligible      integer not null,
    status        text not null,     -- open | closed
    created_by    text,
    unique (subject_kind, subject_id, scheme_key, year)
);

create table vote_eligible (
    session_id text not null references vote_sessions(id),
    voter      text not null,
    has_voted  boolean not null,
    primary key (session_id, voter)
);

create table ballots (
    id         text primary key,      -- random (not time-ordered) so that key order reveals nothing
    session_id text not null references vote_sessions(id),
    star_key   text not null,
    choice     text not null          -- approve | disapprove | abstain
);
create index ix_ballots_session on ballots (session_id, star_key);

-- 当场唱票: each of two tellers enters the counts; a tally stands only when both agree.
create table teller_counts (
    session_id text not null references vote_sessions(id),
    teller     text not null,
    star_key   text not null,
    approve    integer not null,
    disapprove integer not null,
    abstain    integer not null,
    primary key (session_id, teller, star_key)
);
