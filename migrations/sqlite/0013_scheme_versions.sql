-- Rating schemes (评星方案) as versions (issue 6 §4): the shipped files seed their version at start-up and the
-- administrators' editor adds the next ones. A campaign records the version it started with (campaigns.
-- scheme_version) and is scored with that version to its end, so a version, once stored, never changes:
-- triggers refuse updates and deletes.
create table scheme_versions (
    scheme_key  text not null,
    version     integer not null,
    name        text not null,
    document    text not null,     -- the scheme as JSON (RatingScheme); its "version" is this row's version
    created_at  bigint not null,
    created_by  text,              -- a login, or "system" for a shipped file
    note        text,              -- the change note (修改说明)
    primary key (scheme_key, version)
);

create trigger scheme_versions_no_update before update on scheme_versions
begin select raise(abort, 'scheme versions are append-only'); end;
create trigger scheme_versions_no_delete before delete on scheme_versions
begin select raise(abort, 'scheme versions are append-only'); end;
