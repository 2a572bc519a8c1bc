-- The analytics suite's tables: real-time analytics over web/app events. Run once per schema
-- with search_path set to it (local, dist, ...); dist's tables are then distributed by
-- distribute.sql.
-- Colocation group "site" (bigint site_id): sites, events, sessions, page_views, rollup_minute,
-- rollup_hour, rollup_day. type_daily is distributed by its text event_type (its own group), so
-- rollups into it from events are not colocated. countries, devices and event_types are
-- reference tables; rollup_state stays a local table in every schema; plain.campaigns and
-- plain.holidays (plain.sql) are local tables shared by both sides.

CREATE TYPE channel AS ENUM ('organic', 'paid', 'social', 'email', 'direct');

CREATE TABLE countries (
    code char(2) PRIMARY KEY,
    name text NOT NULL,
    region text,
    tz text NOT NULL
);

CREATE TABLE devices (
    device_id int PRIMARY KEY,
    kind text NOT NULL,
    os text
);

CREATE TABLE event_types (
    name text PRIMARY KEY,
    category text NOT NULL,
    weight int NOT NULL,
    is_conversion boolean NOT NULL
);

CREATE TABLE sites (
    site_id bigint PRIMARY KEY,
    name text NOT NULL,
    country char(2),
    tz text NOT NULL,
    plan text,
    created_at timestamptz NOT NULL
);

CREATE TABLE events (
    site_id bigint NOT NULL,
    event_id bigint NOT NULL,
    occurred_at timestamptz NOT NULL,
    event_type text,
    user_id bigint,
    session_id bigint,
    device_id int,
    payload jsonb,
    amount numeric(12, 2),
    duration_ms float8,
    tags text[],
    client_ip inet,
    dwell interval,
    PRIMARY KEY (site_id, event_id)
);

CREATE TABLE sessions (
    site_id bigint NOT NULL,
    session_id bigint NOT NULL,
    user_id bigint,
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL,
    events int NOT NULL,
    channel channel,
    country char(2),
    PRIMARY KEY (site_id, session_id)
);

CREATE TABLE page_views (
    site_id bigint NOT NULL,
    view_id bigint NOT NULL,
    session_id bigint,
    url text,
    viewed_at timestamptz NOT NULL,
    load_ms int,
    PRIMARY KEY (site_id, view_id)
);

CREATE TABLE rollup_minute (
    site_id bigint NOT NULL,
    minute timestamptz NOT NULL,
    event_type text NOT NULL,
    n bigint NOT NULL,
    amount_sum numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, minute, event_type)
);

CREATE TABLE rollup_hour (
    site_id bigint NOT NULL,
    hour timestamptz NOT NULL,
    event_type text NOT NULL,
    n bigint NOT NULL,
    users bigint NOT NULL,
    amount_sum numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, hour, event_type)
);

CREATE TABLE rollup_day (
    site_id bigint NOT NULL,
    day date NOT NULL,
    n bigint NOT NULL,
    users bigint NOT NULL,
    amount_sum numeric NOT NULL DEFAULT 0,
    max_duration float8,
    PRIMARY KEY (site_id, day)
);

CREATE TABLE type_daily (
    event_type text NOT NULL,
    day date NOT NULL,
    n bigint NOT NULL,
    sites bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (event_type, day)
);

-- local in every schema: the watermark of the incremental rollups
CREATE TABLE rollup_state (
    name text PRIMARY KEY,
    done_until timestamptz NOT NULL
);
