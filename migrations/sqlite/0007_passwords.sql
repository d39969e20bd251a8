-- Password sign-in for the web pages: PBKDF2-SHA256 hashes in the form "pbkdf2-sha256$iterations$salt$hash".
-- Null means the user signs in with their API token only.
alter table users add column password_hash text;
