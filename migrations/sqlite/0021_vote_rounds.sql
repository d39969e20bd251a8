-- Issue 14 §3: a vote below the scheme's participation minimum is invalid and "须重新组织" (must be held again).
-- The session is held again in place, as its next round: the invalid round's ballots and counts are discarded
-- (they decide nothing), every voter may vote again, and the round number says how many times it was held.
alter table vote_sessions add column round integer not null default 1;

-- The inbox lists the votes a person may cast or count (待投票 / 待计票): by voter, and by holding organization.
create index ix_vote_eligible_voter on vote_eligible (voter, has_voted);
create index ix_vote_sessions_org on vote_sessions (org_id, status);
