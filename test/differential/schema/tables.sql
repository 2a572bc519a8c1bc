-- Tables of the differential schema. Run once per schema with search_path set to it (local, dist),
-- so unqualified names land in that schema. Same DDL on both sides; dist's tables are then
-- distributed by distribute.sql.

CREATE TYPE ad_status AS ENUM ('draft', 'active', 'paused', 'archived');

-- reference tables (first: distributed tables reference them)
CREATE TABLE countries (
    code char(2) PRIMARY KEY,
    name text NOT NULL,
    continent text,
    population bigint,
    eu bool
);

CREATE TABLE plans (
    name varchar(20) PRIMARY KEY,
    price numeric(8, 2),
    max_users int
);

-- distributed by id; colocation group A (bigint); plan references plans (cascading updates)
CREATE TABLE companies (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    image_url text,
    created_at timestamp NOT NULL,
    updated_at timestamptz,
    plan varchar(20) REFERENCES plans (name) ON UPDATE CASCADE,
    country_code char(2),
    employees int,
    revenue numeric(14, 2),
    is_public bool,
    tags text[],
    settings jsonb,
    ext_id uuid
);

-- distributed by company_id, colocated with companies; foreign key to companies (cascading)
CREATE TABLE campaigns (
    company_id bigint NOT NULL,
    id bigint NOT NULL,
    name text NOT NULL,
    cost_model text,
    state text,
    monthly_budget bigint,
    start_date date,
    end_date date,
    targets jsonb,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE
);

-- distributed by company_id, colocated with companies; foreign key to campaigns (cascading)
CREATE TABLE ads (
    company_id bigint NOT NULL,
    id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    name text,
    status ad_status,
    target_url text,
    impressions_count bigint,
    clicks_count bigint,
    score double precision,
    ratio real,
    created_at timestamptz,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, campaign_id) REFERENCES campaigns (company_id, id) ON DELETE CASCADE
);

-- distributed by company_id (default colocation); no primary key: holds exact duplicate rows
CREATE TABLE clicks (
    company_id bigint NOT NULL,
    id bigint NOT NULL,
    ad_id bigint,
    clicked_at timestamptz,
    site_url text,
    cost_per_click_usd numeric(20, 10),
    user_ip inet,
    user_data jsonb,
    is_mobile bool
);

-- distributed by a text key, own colocation group (8 shards)
CREATE TABLE events (
    event_key text NOT NULL,
    seq int NOT NULL,
    company_id bigint,
    kind varchar(32),
    occurred_on date,
    occurred_at timestamp,
    amount numeric,
    weight float8,
    labels text[],
    attrs jsonb,
    session uuid,
    note text,
    payload bytea,
    duration interval,
    small smallint,
    at_time time,
    PRIMARY KEY (event_key, seq)
);

-- mixed-case and unicode identifiers; distributed by "CompanyId", colocated with companies
CREATE TABLE "OrderItems" (
    "CompanyId" bigint NOT NULL,
    "ItemNo" int NOT NULL,
    "Qty" int,
    "Unit Price" numeric(10, 2),
    "prénom" text,
    PRIMARY KEY ("CompanyId", "ItemNo")
);

-- distributed by company_id (nullable: vanilla accepts a NULL key, Citus refuses it), with a
-- sequence and defaults evaluated on the coordinator
CREATE TABLE notes (
    company_id bigint,
    id bigserial,
    body text DEFAULT 'empty',
    created_at timestamptz DEFAULT '2020-01-01 00:00:00+00',
    pinned bool NOT NULL DEFAULT false,
    UNIQUE (company_id, id)
);
