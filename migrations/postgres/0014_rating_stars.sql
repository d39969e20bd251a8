-- Issue 13: the 个性星 catalogue a campaign owner publishes at 分类定星, and the stars (common and individual, by
-- name) of every proposed and ratified result, so that the ledger, the notices and the statistics name them.
alter table campaigns add column individual_stars text;        -- JSON: the catalogue (RatingScheme Star list)
alter table campaigns add column rated_orgs integer;           -- organizations the scheme rates under the root
alter table campaigns add column rated_members integer;        -- members the scheme rates under the root
alter table campaign_results add column stars text;            -- JSON: [{key, name, awarded, individual}]
alter table ratings add column stars text;                     -- JSON: as campaign_results.stars
