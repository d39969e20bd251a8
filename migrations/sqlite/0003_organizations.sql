-- The organization tree (党委 / 党总支 / 党支部 / 党小组 / 工委) and the member roster.
-- path is the chain of ids from the root, '/' separated and closed ('/county/town/branch/'), so a subtree is one
-- range match (path >= p and path < p with its final / raised to 0): the scope of a role held at an organization.
create table organizations (
    id             text primary key,
    code           text unique,     -- the organization's own code (组织编码), used by spreadsheet imports
    parent_id      text references organizations(id),
    name           text not null,
    kind           text not null,   -- committee | general-branch | branch | group | working-committee
    sector         text,            -- rural | community | organ | non-public
    secretary      text,
    contact_email  text,
    reelection_due text,            -- ISO date (yyyy-MM-dd) the next 换届 is due
    path           text not null unique,
    created_at     bigint not null
);
create index ix_organizations_parent on organizations (parent_id);
create unique index ux_organizations_sibling_name on organizations (coalesce(parent_id, ''), name);

create table members (
    id            text primary key,
    org_id        text not null references organizations(id),
    name          text not null,
    category      text not null,    -- employed 在职 | floating 流动 | unemployed 无职
    probationary  integer not null,      -- 预备党员
    joined_on     text,             -- ISO date
    email         text,
    created_at    bigint not null
);
create index ix_members_org on members (org_id);
