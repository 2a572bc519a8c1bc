-- The single-shard suite's tables: a multi-tenant notes app. Run once per schema with
-- search_path set to it; dist's tables are then distributed by distribute.sql:
-- workspaces, members, docs and comments as single-shard tables of one colocation group;
-- audit as a single-shard table of its own group; views_log hash-distributed by doc_id;
-- reference table roles.
CREATE TABLE roles (
    role_id int PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE workspaces (
    ws_id int PRIMARY KEY,
    name text NOT NULL,
    plan text
);

CREATE TABLE members (
    member_id int PRIMARY KEY,
    ws_id int NOT NULL REFERENCES workspaces (ws_id),
    role_id int REFERENCES roles (role_id),
    email text UNIQUE,
    joined date
);

CREATE TABLE docs (
    doc_id int PRIMARY KEY,
    ws_id int NOT NULL REFERENCES workspaces (ws_id) ON DELETE CASCADE,
    author_id int REFERENCES members (member_id),
    title text NOT NULL,
    words int,
    tags text[]
);

CREATE TABLE comments (
    comment_id int PRIMARY KEY,
    doc_id int REFERENCES docs (doc_id) ON DELETE CASCADE,
    member_id int,
    body text,
    score numeric(6, 2)
);

CREATE TABLE audit (
    audit_id int PRIMARY KEY,
    ws_id int,
    action text,
    n int
);

CREATE TABLE views_log (
    doc_id int NOT NULL,
    viewer int,
    seconds int
);
