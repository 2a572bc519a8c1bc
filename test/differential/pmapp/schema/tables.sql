-- The pmapp suite's tables: a project-management SaaS (tenants, members, projects, tasks,
-- comments, attachments, an audit log, monthly partitioned events) as a Rails / Django
-- application creates them. Run once per schema with search_path set to it; dist's tables are
-- then distributed by distribute.sql. Colocation group "tenant" (bigint): tenants (by id) and
-- everything else by tenant_id; plans and countries are reference tables.

CREATE TYPE task_state AS ENUM ('open', 'in_progress', 'blocked', 'done');
CREATE DOMAIN email_address AS varchar(254) CHECK (VALUE ~ '^[^@ ]+@[^@ ]+$');
CREATE DOMAIN positive_money AS numeric(12, 2) CHECK (VALUE >= 0);

CREATE TABLE plans (
    code varchar(20) PRIMARY KEY,
    name varchar(60) NOT NULL,
    max_projects integer NOT NULL CHECK (max_projects > 0),
    monthly_price positive_money NOT NULL,
    features text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE countries (
    code char(2) PRIMARY KEY,
    name varchar(80) NOT NULL,
    eu boolean NOT NULL DEFAULT false
);

CREATE TABLE tenants (
    id bigint PRIMARY KEY,
    name varchar(100) NOT NULL,
    subdomain varchar(63) NOT NULL,
    plan_code varchar(20) NOT NULL REFERENCES plans (code) ON UPDATE CASCADE,
    country_code char(2) REFERENCES countries (code) ON DELETE SET NULL,
    settings jsonb NOT NULL DEFAULT '{}',
    project_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    UNIQUE (id, subdomain)
);

CREATE TABLE members (
    tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id bigint NOT NULL,
    email email_address NOT NULL,
    full_name varchar(120),
    is_admin boolean NOT NULL DEFAULT false,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX members_email_ci ON members (tenant_id, lower(email));

CREATE TABLE projects (
    tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id bigint NOT NULL,
    name varchar(120) NOT NULL,
    slug varchar(140) GENERATED ALWAYS AS (lower(replace(name, ' ', '-'))) STORED,
    owner_id bigint,
    budget positive_money,
    tags text[] NOT NULL DEFAULT '{}',
    archived boolean NOT NULL DEFAULT false,
    task_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES members (tenant_id, id) ON DELETE SET NULL (owner_id)
);
CREATE UNIQUE INDEX projects_live_name ON projects (tenant_id, name) WHERE NOT archived;

CREATE TABLE tasks (
    tenant_id bigint NOT NULL,
    id bigint NOT NULL,
    project_id bigint NOT NULL,
    position integer NOT NULL,
    title varchar(200) NOT NULL,
    state task_state NOT NULL DEFAULT 'open',
    priority smallint NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
    assignee_id bigint,
    due_on date,
    estimate interval,
    labels text[],
    meta jsonb,
    created_at timestamptz NOT NULL,
    done_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT tasks_done_after_created CHECK (done_at IS NULL OR done_at >= created_at),
    CONSTRAINT tasks_position_uniq UNIQUE (tenant_id, project_id, position) DEFERRABLE INITIALLY IMMEDIATE,
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, assignee_id) REFERENCES members (tenant_id, id) ON DELETE SET NULL (assignee_id)
);
CREATE INDEX tasks_open_due ON tasks (tenant_id, due_on) WHERE state <> 'done';
CREATE INDEX tasks_meta ON tasks USING gin (meta);

CREATE TABLE comments (
    tenant_id bigint NOT NULL,
    id bigint NOT NULL,
    task_id bigint NOT NULL,
    author_id bigint,
    body text NOT NULL CHECK (length(body) > 0),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, author_id) REFERENCES members (tenant_id, id) ON DELETE SET NULL (author_id)
);

CREATE TABLE attachments (
    tenant_id bigint NOT NULL,
    id uuid NOT NULL,
    task_id bigint NOT NULL,
    filename varchar(255) NOT NULL,
    bytes bigint NOT NULL CHECK (bytes >= 0),
    content_type varchar(100),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE audit_log (
    tenant_id bigint NOT NULL,
    id bigserial,
    entity varchar(30) NOT NULL,
    entity_id bigint NOT NULL,
    action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    changes jsonb,
    at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE events (
    tenant_id bigint NOT NULL,
    id bigint NOT NULL,
    occurred_at timestamptz NOT NULL,
    kind varchar(40) NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'
) PARTITION BY RANGE (occurred_at);
CREATE TABLE events_2024_01 PARTITION OF events FOR VALUES FROM ('2024-01-01 00:00+00') TO ('2024-02-01 00:00+00');
CREATE TABLE events_2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01 00:00+00') TO ('2024-03-01 00:00+00');
CREATE TABLE events_2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01 00:00+00') TO ('2024-04-01 00:00+00');
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_tenant_kind ON events (tenant_id, kind, occurred_at);
