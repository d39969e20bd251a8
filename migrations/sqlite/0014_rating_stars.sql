-- Issue 13: the 个性星 catalogue a campaign owner publishes at 分类定星, and the stars (common and individual, by
-- name) of every proposed and ratified result, so that the ledger, the notices and the statistics name them.
alter table campaigns add column individual_stars text;        -- JSON: the catalogue (RatingScheme Star list)
alter table campaigns add column rated_orgs integer;           -- organizations the scheme rates under the root
alter table campaigns add column rated_members integer;        -- members the scheme rates under the root
alter table campaign_results add column stars text;            -- JSON: [{key, name, awarded, individual}]
alter table ratings add column stars text;                     -- JSON: as campaign_results.stars

-- 个性星 by name in the statistics: counters kept in the transactions that publish a pledge and ratify a result,
-- so the statistics page reads a few rows instead of every result of a city's campaign.
create table individual_star_counts (
    campaign_id   text not null,
    subject_kind  text not null,
    name          text not null,
    own           integer not null,                      -- 1: named by the subject itself (自拟)
    pledged       integer not null,
    awarded       integer not null,
    primary key (campaign_id, subject_kind, name, own)
);

-- 六好 grades ("依次为'优秀、良好、基本合格、不合格'四个等级,且呈正态分布"): set by the grading committee (基层党委)
-- over the organizations it rated in the round, on each result and in the ledger; the committee's grading is kept whole.
alter table campaign_results add column grade text;
alter table ratings add column grade text;
create table gradings (
    campaign_id      text not null,
    committee_org_id text not null,
    grades           text not null,     -- JSON: ForcedDistribution.Graded, best first
    graded_at        bigint not null,
    graded_by        text,
    primary key (campaign_id, committee_org_id)
);
