-- The extensions suite's tables: a multi-tenant CRM whose keys and columns use the contrib
-- extensions of the postgresql-15 package (citext, hstore, pg_trgm) and full-text search. Run
-- once per schema with search_path set to it; dist's tables are then distributed by
-- distribute.sql: orgs as a reference table keyed by citext; users, notes colocated by a citext
-- org; docs by an int key with citext, hstore and tsvector columns.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS citext SCHEMA public;
CREATE EXTENSION IF NOT EXISTS hstore SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
RESET client_min_messages;

CREATE TABLE orgs (
    org citext PRIMARY KEY,
    name text NOT NULL,
    plan citext,
    settings hstore
);

CREATE TABLE users (
    org citext NOT NULL,
    id int NOT NULL,
    email citext,
    name text,
    attrs hstore,
    PRIMARY KEY (org, id),
    UNIQUE (org, email)
);

CREATE TABLE notes (
    org citext NOT NULL,
    note_id int NOT NULL,
    user_id int,
    title citext,
    body text,
    tags citext[],
    PRIMARY KEY (org, note_id)
);

CREATE TABLE docs (
    doc_id int PRIMARY KEY,
    org citext,
    title citext NOT NULL,
    body text,
    props hstore,
    tsv tsvector
);
CREATE INDEX docs_title_trgm ON docs USING gin (title gin_trgm_ops);
