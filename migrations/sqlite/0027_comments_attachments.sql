-- Issue 17: comments on an instance (append-only: nobody edits or removes one, the audit the sources ask for with
-- "台账资料齐全记录完整") and the metadata of attached files. The files themselves live under the data directory,
-- named by their SHA-256 (never by the name they were uploaded with); a row names what it belongs to: a comment, a
-- task's form field (the pledge, the monthly report), or an objection to a notice.
create table comments (
    id          text primary key,
    instance_id text not null,
    author      text not null,            -- login
    body        text not null,
    mentions    text not null,            -- JSON array of the logins the comment notified
    created_at  bigint not null
);
create index ix_comments_instance on comments (instance_id, created_at);
create trigger comments_append_only_update before update on comments
begin select raise(abort, 'comments are append-only'); end;
create trigger comments_append_only_delete before delete on comments
begin select raise(abort, 'comments are append-only'); end;

create table attachments (
    id           text primary key,
    instance_id  text not null,           -- whose viewers may download it
    comment_id   text,
    task_id      text,                    -- with field: a form's file field, stored with the submission
    field        text,
    objection_id text,                    -- an objection's evidence: the investigating reviewers only
    name         text not null,           -- as uploaded (directories stripped); shown and sent back, never a path
    size         bigint not null,
    content_type text not null,           -- from the sniffed kind, not from the uploader
    sha256       text not null,           -- names the stored file
    uploaded_by  text,                    -- login; null for an anonymous objector
    uploaded_at  bigint not null
);
create index ix_attachments_instance on attachments (instance_id);
create index ix_attachments_comment on attachments (comment_id);
create index ix_attachments_task on attachments (task_id);
create index ix_attachments_objection on attachments (objection_id);
create index ix_attachments_sha on attachments (sha256);
create trigger attachments_unchanged before update on attachments
begin select raise(abort, 'attachments are not edited'); end;
