-- People who sign in, their API tokens (stored as SHA-256 hashes) and their roles per organization subtree.
create table users (
    id           text primary key,
    login        text not null unique,
    display_name text not null,
    email        text,
    token_hash   text unique,
    created_at   bigint not null
);

-- A role held at an organization (and, by the role's rules, its subtree). org_id null: everywhere.
create table user_roles (
    user_id text not null references users(id),
    role    text not null,
    org_id  text,
    unique (user_id, role, org_id)
);
create index ix_user_roles_user on user_roles (user_id);

-- Small application settings that must survive a restart (e.g. where the manual clock stands).
create table app_settings (
    key   text primary key,
    value text not null
);
