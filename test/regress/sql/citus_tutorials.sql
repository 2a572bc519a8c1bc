-- Citus tutorials, run unchanged: the multi-tenant ad-analytics tutorial (companies,
-- campaigns, ads), the real-time analytics tutorial (github_events / github_users with jsonb,
-- rollups with INSERT ... SELECT ... ON CONFLICT) and the diagnostic / metadata queries of the
-- Citus documentation. Data is generated here, small enough to check the numbers by hand.
SET client_min_messages TO warning;
CREATE SCHEMA tutorial;
SET search_path TO tutorial, public;
-- Errors raised by a worker name the shard and the node: show them without the numbers.
CREATE FUNCTION try(command text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE command;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN regexp_replace(SQLERRM, '_[0-9]{6,}', '', 'g');
END $$;

-- ===== Multi-tenant tutorial =================================================================
CREATE TABLE companies (
    id bigint NOT NULL,
    name text NOT NULL,
    image_url text,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);
CREATE TABLE campaigns (
    id bigint NOT NULL,
    company_id bigint NOT NULL,
    name text NOT NULL,
    cost_model text NOT NULL,
    state text NOT NULL,
    monthly_budget bigint,
    blacklisted_site_urls text[],
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);
CREATE TABLE ads (
    id bigint NOT NULL,
    company_id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    name text NOT NULL,
    image_url text,
    target_url text,
    impressions_count bigint DEFAULT 0,
    clicks_count bigint DEFAULT 0,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);
-- Primary keys include the tenant column, as the tutorial requires.
ALTER TABLE companies ADD PRIMARY KEY (id);
ALTER TABLE campaigns ADD PRIMARY KEY (id, company_id);
ALTER TABLE ads ADD PRIMARY KEY (id, company_id);

SELECT create_distributed_table('companies', 'id');
SELECT create_distributed_table('campaigns', 'company_id');
SELECT create_distributed_table('ads', 'company_id', colocate_with => 'campaigns');

-- The three tables are in one colocation group.
SELECT count(DISTINCT colocationid) AS colocation_groups, count(*) AS tables
FROM pg_dist_partition
WHERE logicalrelid IN ('companies'::regclass, 'campaigns'::regclass, 'ads'::regclass);

-- Load with \copy from CSV files, generated here: 20 companies, 100 campaigns (5 per company),
-- 400 ads (4 per campaign).
\copy (SELECT i, 'Company ' || i, 'https://example.com/logo' || i || '.png', timestamp '2024-01-01' + i * interval '1 day', timestamp '2024-02-01' FROM generate_series(1, 20) i ORDER BY i) TO 'tutorial_companies.csv' WITH csv
\copy (SELECT i, (i - 1) % 20 + 1, 'Campaign ' || i, CASE WHEN i % 2 = 0 THEN 'cost_per_click' ELSE 'cost_per_impression' END, CASE WHEN i % 3 = 0 THEN 'paused' ELSE 'running' END, i * 100, ARRAY['http://bad' || i || '.example.com', 'http://spam.example.com'], timestamp '2024-01-01', timestamp '2024-02-01' FROM generate_series(1, 100) i ORDER BY i) TO 'tutorial_campaigns.csv' WITH csv
\copy (SELECT i, ((i - 1) % 100) % 20 + 1, (i - 1) % 100 + 1, 'Ad ' || i, 'https://example.com/ad' || i || '.png', 'https://example.com/buy?ad=' || i, i * 10, i % 7, timestamp '2024-01-01', timestamp '2024-02-01' FROM generate_series(1, 400) i ORDER BY i) TO 'tutorial_ads.csv' WITH csv
\copy companies from 'tutorial_companies.csv' with csv
\copy campaigns from 'tutorial_campaigns.csv' with csv
\copy ads from 'tutorial_ads.csv' with csv

SELECT (SELECT count(*) FROM companies) AS companies,
       (SELECT count(*) FROM campaigns) AS campaigns,
       (SELECT count(*) FROM ads) AS ads;
-- sum(1..400) * 10 = 802000
SELECT sum(impressions_count) AS impressions, sum(clicks_count) AS clicks FROM ads;

-- Tenant queries: everything for company 5 goes to one shard.
INSERT INTO companies VALUES (5000, 'New Company', 'https://randomurl/image.png', now(), now());
SELECT id, name FROM companies WHERE id = 5000;

UPDATE campaigns SET monthly_budget = monthly_budget * 2 WHERE company_id = 5;

BEGIN;
DELETE FROM campaigns WHERE id = 45 AND company_id = 5;
DELETE FROM ads WHERE campaign_id = 45 AND company_id = 5;
COMMIT;

SELECT name, cost_model, state, monthly_budget
FROM campaigns
WHERE company_id = 5
ORDER BY monthly_budget DESC
LIMIT 10;

-- Colocated join of ads and campaigns within one tenant.
SELECT campaigns.id, campaigns.name, campaigns.monthly_budget,
       sum(impressions_count) AS total_impressions, sum(clicks_count) AS total_clicks
FROM ads, campaigns
WHERE ads.company_id = campaigns.company_id
  AND ads.campaign_id = campaigns.id
  AND campaigns.company_id = 5
  AND campaigns.state = 'running'
GROUP BY campaigns.id, campaigns.name, campaigns.monthly_budget
ORDER BY total_impressions, total_clicks, campaigns.id;

-- Window function per campaign within a tenant.
SELECT a.campaign_id,
       rank() OVER (PARTITION BY a.campaign_id ORDER BY a.impressions_count DESC) AS rank,
       a.impressions_count, a.id
FROM ads AS a
WHERE a.company_id = 7
ORDER BY a.campaign_id, rank, a.id;

-- Cross-tenant analytics over the colocated tables.
SELECT c.id, c.name, count(DISTINCT cp.id) AS campaigns, count(a.id) AS ads,
       sum(a.clicks_count) AS clicks
FROM companies c
JOIN campaigns cp ON cp.company_id = c.id
JOIN ads a ON a.company_id = cp.company_id AND a.campaign_id = cp.id
GROUP BY c.id, c.name
ORDER BY c.id;

SELECT cost_model, state, count(*), sum(monthly_budget)
FROM campaigns GROUP BY cost_model, state ORDER BY cost_model, state;

-- Schema changes propagate to every shard.
ALTER TABLE ads ADD COLUMN caption text;
UPDATE ads SET caption = 'caption ' || id WHERE company_id = 3;
SELECT count(caption) AS with_caption, count(*) AS total FROM ads;
ALTER TABLE campaigns ALTER COLUMN monthly_budget SET DEFAULT 1000;
INSERT INTO campaigns (id, company_id, name, cost_model, state, created_at, updated_at)
VALUES (1001, 5, 'Default budget', 'cost_per_click', 'running', now(), now());
SELECT id, monthly_budget FROM campaigns WHERE company_id = 5 AND id = 1001;
CREATE INDEX ads_campaign_idx ON ads (company_id, campaign_id);

-- Foreign keys, including the composite (company_id, id) keys between colocated tables.
ALTER TABLE campaigns ADD CONSTRAINT campaigns_company_fk
    FOREIGN KEY (company_id) REFERENCES companies (id);
ALTER TABLE ads ADD CONSTRAINT ads_company_fk
    FOREIGN KEY (company_id) REFERENCES companies (id);
ALTER TABLE campaigns ADD CONSTRAINT campaigns_company_id_id_key UNIQUE (company_id, id);
ALTER TABLE ads ADD CONSTRAINT ads_campaign_fk
    FOREIGN KEY (company_id, campaign_id) REFERENCES campaigns (company_id, id);
-- Violations are caught.
SELECT try($$INSERT INTO ads (id, company_id, campaign_id, name, created_at, updated_at)
             VALUES (9001, 5, 99999, 'orphan', now(), now())$$);
SELECT try($$INSERT INTO campaigns (id, company_id, name, cost_model, state, created_at, updated_at)
             VALUES (9002, 777, 'no company', 'cost_per_click', 'running', now(), now())$$);
-- and deleting a referenced campaign is refused while ads point at it.
SELECT try($$DELETE FROM campaigns WHERE company_id = 6 AND id = 6$$);
SELECT count(*) FROM campaigns WHERE company_id = 6;
-- A foreign key the existing rows violate is not added (the shards validate it).
INSERT INTO ads (id, company_id, campaign_id, name, created_at, updated_at)
VALUES (9003, 8, 8, 'points at campaign 8', now(), now());
DELETE FROM ads WHERE company_id = 8 AND id = 9003;
CREATE TABLE ad_notes (company_id bigint, ad_id bigint, note text);
SELECT create_distributed_table('ad_notes', 'company_id', colocate_with => 'ads');
INSERT INTO ad_notes VALUES (4, 4, 'fine'), (4, 123456, 'dangling');
SELECT try($$ALTER TABLE ad_notes ADD CONSTRAINT ad_notes_ad_fk
             FOREIGN KEY (company_id, ad_id) REFERENCES ads (company_id, id)$$);
SELECT count(*) FROM pg_constraint WHERE conname = 'ad_notes_ad_fk';
DELETE FROM ad_notes WHERE ad_id = 123456;
ALTER TABLE ad_notes ADD CONSTRAINT ad_notes_ad_fk
    FOREIGN KEY (company_id, ad_id) REFERENCES ads (company_id, id) ON DELETE CASCADE;
DELETE FROM ads WHERE company_id = 4 AND id = 4;
SELECT count(*) FROM ad_notes;
-- A key that does not pair the distribution columns is refused.
ALTER TABLE ad_notes ADD CONSTRAINT ad_notes_bad_fk FOREIGN KEY (ad_id) REFERENCES companies (id);
-- A foreign key to a reference table.
CREATE TABLE cost_models (name text PRIMARY KEY, description text);
SELECT create_reference_table('cost_models');
INSERT INTO cost_models VALUES ('cost_per_click', 'CPC'), ('cost_per_impression', 'CPM');
ALTER TABLE campaigns ADD CONSTRAINT campaigns_cost_model_fk
    FOREIGN KEY (cost_model) REFERENCES cost_models (name);
SELECT try($$UPDATE campaigns SET cost_model = 'free' WHERE company_id = 2$$);
-- A unique constraint that includes the tenant column.
ALTER TABLE ads ADD CONSTRAINT ads_unique_name UNIQUE (company_id, name);
-- ... and one that does not is refused.
ALTER TABLE ads ADD CONSTRAINT ads_unique_target UNIQUE (target_url);

-- ===== Real-time analytics tutorial ==========================================================
CREATE TABLE github_events (
    event_id bigint,
    event_type text,
    event_public boolean,
    repo_id bigint,
    payload jsonb,
    repo jsonb,
    user_id bigint,
    org jsonb,
    created_at timestamp
);
CREATE TABLE github_users (
    user_id bigint,
    url text,
    login text,
    avatar_url text,
    gravatar_id text,
    display_login text
);
CREATE INDEX event_type_index ON github_events (event_type);
CREATE INDEX payload_index ON github_events USING GIN (payload jsonb_path_ops);
SELECT create_distributed_table('github_users', 'user_id', shard_count => 8);
SELECT create_distributed_table('github_events', 'user_id', colocate_with => 'github_users');
SELECT table_name, shard_count FROM citus_tables
WHERE table_name::text LIKE 'github%' ORDER BY 1;

-- 10 users; 600 events, one a minute from 2024-03-01 10:00: every third a PushEvent with
-- distinct_size 1..3, every fifth (not third) a CreateEvent of a repository or a branch.
\copy (SELECT i, 'https://api.example.com/users/u' || i, 'u' || i, 'https://avatars.example.com/' || i, '', 'u' || i FROM generate_series(1, 10) i ORDER BY i) TO 'tutorial_users.csv' WITH csv
\copy github_users from 'tutorial_users.csv' with csv
INSERT INTO github_events
SELECT i,
       CASE WHEN i % 3 = 0 THEN 'PushEvent' WHEN i % 5 = 0 THEN 'CreateEvent' ELSE 'WatchEvent' END,
       true,
       i % 17,
       CASE WHEN i % 3 = 0 THEN jsonb_build_object('distinct_size', i % 3 + (i / 3) % 3 + 1, 'size', 5)
            WHEN i % 5 = 0 THEN jsonb_build_object('ref_type', CASE WHEN i % 2 = 0 THEN 'repository' ELSE 'branch' END)
            ELSE '{"action": "started"}'::jsonb END,
       jsonb_build_object('id', i % 17, 'name', 'repo' || i % 17),
       i % 10 + 1,
       NULL,
       timestamp '2024-03-01 10:00' + i * interval '1 minute'
FROM generate_series(1, 600) i;

SELECT count(*) FROM github_users;
SELECT event_type, count(*) FROM github_events GROUP BY event_type ORDER BY event_type;

-- Commits per hour from the jsonb payload.
SELECT date_trunc('hour', created_at) AS hour,
       sum((payload->>'distinct_size')::int) AS num_commits
FROM github_events
WHERE event_type = 'PushEvent'
GROUP BY hour
ORDER BY hour;

-- Users who created the most repositories: containment over jsonb, colocated join.
SELECT login, count(*)
FROM github_events ge
JOIN github_users gu ON ge.user_id = gu.user_id
WHERE event_type = 'CreateEvent' AND payload @> '{"ref_type": "repository"}'
GROUP BY login
ORDER BY count(*) DESC, login
LIMIT 10;

-- The repositories with most pushes, from the repo jsonb.
SELECT repo->>'name' AS repo_name, count(*)
FROM github_events WHERE event_type = 'PushEvent'
GROUP BY repo_name ORDER BY count(*) DESC, repo_name LIMIT 5;

-- Rollups: per user and hour, refreshed with INSERT ... SELECT ... ON CONFLICT.
CREATE TABLE github_events_hourly (
    user_id bigint,
    hour timestamp,
    event_count bigint,
    commit_count bigint,
    PRIMARY KEY (user_id, hour)
);
SELECT create_distributed_table('github_events_hourly', 'user_id', colocate_with => 'github_events');
INSERT INTO github_events_hourly (user_id, hour, event_count, commit_count)
SELECT user_id, date_trunc('hour', created_at), count(*),
       coalesce(sum((payload->>'distinct_size')::int), 0)
FROM github_events
WHERE created_at < timestamp '2024-03-01 15:00'
GROUP BY user_id, date_trunc('hour', created_at)
ON CONFLICT (user_id, hour) DO UPDATE
SET event_count = excluded.event_count, commit_count = excluded.commit_count;
-- Run it again over everything: the earlier hours are updated in place, the rest inserted.
INSERT INTO github_events_hourly (user_id, hour, event_count, commit_count)
SELECT user_id, date_trunc('hour', created_at), count(*),
       coalesce(sum((payload->>'distinct_size')::int), 0)
FROM github_events
GROUP BY user_id, date_trunc('hour', created_at)
ON CONFLICT (user_id, hour) DO UPDATE
SET event_count = excluded.event_count, commit_count = excluded.commit_count;
-- 600 events over 11 hours (10:01 .. 20:00) and 10 users.
SELECT count(*) AS rows, sum(event_count) AS events, sum(commit_count) AS commits
FROM github_events_hourly;
SELECT (SELECT sum((payload->>'distinct_size')::int) FROM github_events) AS commits_from_events;
SELECT hour, sum(event_count) FROM github_events_hourly GROUP BY hour ORDER BY hour;
-- Expiring old raw data.
DELETE FROM github_events WHERE created_at < timestamp '2024-03-01 12:00';
SELECT count(*), min(created_at) FROM github_events;

-- ===== Diagnostic and metadata queries =======================================================
-- Which shard and which node hold tenant 5.
SELECT get_shard_id_for_distribution_column('companies', 5)
       = (SELECT shardid FROM pg_dist_shard
          WHERE logicalrelid = 'companies'::regclass
            AND worker_hash(5::bigint) BETWEEN shardminvalue::int AND shardmaxvalue::int) AS same_shard;
SELECT count(*) AS placements, bool_and(node.noderole = 'primary') AS primary_nodes,
       bool_and(placement.shardstate = 1) AS active
FROM pg_dist_placement AS placement, pg_dist_node AS node
WHERE placement.groupid = node.groupid
  AND node.noderole = 'primary'
  AND shardid = (SELECT get_shard_id_for_distribution_column('companies', 5));
-- The tenant's rows are in that shard, on that node.
SELECT shard_name('companies', get_shard_id_for_distribution_column('companies', 5))
       LIKE 'tutorial.companies\_%' AS shard_named;
-- Distribution columns.
SELECT logicalrelid, column_to_column_name(logicalrelid, partkey) AS dist_col_name, partmethod,
       repmodel
FROM pg_dist_partition
WHERE logicalrelid::text IN ('companies', 'campaigns', 'ads', 'github_events', 'cost_models')
ORDER BY logicalrelid::text;
-- The citus_tables and citus_shards views.
SELECT table_name, citus_table_type, distribution_column, shard_count
FROM citus_tables
WHERE table_name::text IN ('companies', 'campaigns', 'ads', 'github_events', 'cost_models')
ORDER BY table_name::text;
SELECT table_name, count(*) AS shards, count(DISTINCT nodeport) AS nodes
FROM citus_shards
WHERE table_name::text IN ('companies', 'github_events')
GROUP BY table_name ORDER BY table_name::text;
-- Colocated tables share a colocation id.
SELECT count(DISTINCT colocationid) FROM pg_dist_partition
WHERE logicalrelid IN ('github_events'::regclass, 'github_users'::regclass,
                       'github_events_hourly'::regclass);
SELECT count(*) FROM citus_get_active_worker_nodes();
-- Sizes over the shards: main fork <= without indexes <= with indexes, the last one what
-- citus_shards adds up; the older name of the active worker list.
SELECT citus_relation_size('github_events') > 0 AS has_rows,
       citus_relation_size('github_events') <= citus_table_size('github_events') AS main_fork_within,
       citus_table_size('github_events') < citus_total_relation_size('github_events') AS indexes_add,
       citus_total_relation_size('github_events') =
           (SELECT sum(shard_size) FROM citus_shards WHERE table_name = 'github_events'::regclass)
           AS matches_citus_shards;
SELECT citus_total_relation_size('github_users', fail_on_error => false) > 0;
SELECT citus_table_size('pg_class');
SELECT count(*) FROM master_get_active_worker_nodes();
-- Manual query propagation: a command on each shard (%s is the shard's name).
SELECT count(*) AS shards, bool_and(success) AS all_succeeded,
       sum(result::bigint) = (SELECT count(*) FROM github_events) AS rows_add_up
  FROM run_command_on_shards('github_events', $cmd$ SELECT count(*) FROM %s $cmd$);
-- alter_distributed_table: the shard count of a colocated group changes only when asked to
-- cascade; the rows, the joins and the rollups stay the same.
SELECT count(*) AS events_before, sum(event_id) AS ids_before FROM github_events \gset
SELECT alter_distributed_table('github_events', shard_count := 4);
SELECT alter_distributed_table('github_events', shard_count := 4, cascade_to_colocated := true);
SELECT table_name, shard_count FROM citus_tables
 WHERE table_name::text LIKE 'github%' ORDER BY table_name::text;
SELECT count(*) = :events_before AS same_rows, sum(event_id) = :ids_before AS same_ids
  FROM github_events;
SELECT count(*) FROM github_events ge JOIN github_users gu USING (user_id);
SELECT alter_distributed_table('github_users', shard_count := 8, cascade_to_colocated := true);
SELECT table_name, shard_count FROM citus_tables
 WHERE table_name::text LIKE 'github%' ORDER BY table_name::text;
-- The version: Tessera's, with the PostgreSQL it runs on.
SELECT citus_version() LIKE 'Tessera %, running on PostgreSQL 15%' AS tessera_version;

-- Scale out: remove and add back a worker, plan and run the rebalancer.
SELECT citus_drain_node('127.0.0.1', :worker_2_port);
SELECT citus_remove_node('127.0.0.1', :worker_2_port);
SELECT count(*) FROM citus_get_active_worker_nodes();
SELECT citus_add_node('127.0.0.1', :worker_2_port) > 0 AS added;
SELECT count(*) > 0 AS has_moves FROM get_rebalance_table_shards_plan();
SELECT rebalance_table_shards();
SELECT count(*) FROM get_rebalance_table_shards_plan();
SELECT count(DISTINCT nodeport) AS nodes FROM citus_shards WHERE table_name = 'ads'::regclass;
-- Everything still answers the same after the moves.
SELECT (SELECT count(*) FROM companies) AS companies, (SELECT count(*) FROM campaigns) AS campaigns,
       (SELECT count(*) FROM ads) AS ads, (SELECT sum(event_count) FROM github_events_hourly) AS events;
SELECT try($$INSERT INTO ads (id, company_id, campaign_id, name, created_at, updated_at)
             VALUES (9001, 5, 99999, 'orphan', now(), now())$$);

DROP SCHEMA tutorial CASCADE;
