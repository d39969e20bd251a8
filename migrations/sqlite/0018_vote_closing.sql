-- Issue 14 §3 (民主测评): a session closes, by its organizer or at its due time, and only then shows a secret
-- ballot's tally. due_at and closed_at are epoch milliseconds like every other time; closed_by is null when the due
-- time closed it.
alter table vote_sessions add column due_at bigint;
alter table vote_sessions add column closed_at bigint;
alter table vote_sessions add column closed_by text;
-- The scheme version the vote was called under: its participation minimum decides whether the tally is valid.
alter table vote_sessions add column scheme_version integer;

-- The roster links a member to the account they sign in with, so that a secret ballot's voters can be checked
-- against the holding organization's members ("民主测评以党支部为单位"). Null: a member without an account.
alter table members add column login text;
create unique index ux_members_login on members (login);
