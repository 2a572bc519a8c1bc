-- Tenant monitoring: citus_stat_tenants and citus_stat_tenants_local, with Citus's columns.
--
-- The coordinator routes every single-tenant statement, so it keeps the counts of all tenants
-- itself (src/executor/tenant_stats.cpp): citus_stat_tenants shows the coordinator's table,
-- where nodeid is the node whose shard served the tenant's latest statement, and
-- citus_stat_tenants_local shows the same rows without nodeid. Counting is off until
-- citus.stat_tenants_track = 'all'. Only the tenants of the current database are shown.

CREATE FUNCTION pg_catalog.citus_stat_tenants(
    return_all_tenants boolean DEFAULT false,
    OUT nodeid integer,
    OUT colocation_id integer,
    OUT tenant_attribute text,
    OUT read_count_in_this_period integer,
    OUT read_count_in_last_period integer,
    OUT query_count_in_this_period integer,
    OUT query_count_in_last_period integer,
    OUT cpu_usage_in_this_period double precision,
    OUT cpu_usage_in_last_period double precision,
    OUT score bigint)
    RETURNS SETOF record
    LANGUAGE C VOLATILE
    AS 'MODULE_PATHNAME', 'citus_stat_tenants';

CREATE FUNCTION pg_catalog.citus_stat_tenants_local(
    return_all_tenants boolean DEFAULT false,
    OUT colocation_id integer,
    OUT tenant_attribute text,
    OUT read_count_in_this_period integer,
    OUT read_count_in_last_period integer,
    OUT query_count_in_this_period integer,
    OUT query_count_in_last_period integer,
    OUT cpu_usage_in_this_period double precision,
    OUT cpu_usage_in_last_period double precision,
    OUT score bigint)
    RETURNS SETOF record
    LANGUAGE C VOLATILE
    AS 'MODULE_PATHNAME', 'citus_stat_tenants_local';

-- PostgreSQL refuses CREATE VIEW in pg_catalog: the views are made elsewhere and moved there.
CREATE SCHEMA tessera_stat_tenants_setup;
CREATE VIEW tessera_stat_tenants_setup.citus_stat_tenants AS
SELECT nodeid, colocation_id, tenant_attribute,
       read_count_in_this_period, read_count_in_last_period,
       query_count_in_this_period, query_count_in_last_period,
       cpu_usage_in_this_period, cpu_usage_in_last_period
  FROM pg_catalog.citus_stat_tenants()
 ORDER BY score DESC;

CREATE VIEW tessera_stat_tenants_setup.citus_stat_tenants_local AS
SELECT colocation_id, tenant_attribute,
       read_count_in_this_period, read_count_in_last_period,
       query_count_in_this_period, query_count_in_last_period,
       cpu_usage_in_this_period, cpu_usage_in_last_period
  FROM pg_catalog.citus_stat_tenants_local()
 ORDER BY score DESC;

ALTER VIEW tessera_stat_tenants_setup.citus_stat_tenants SET SCHEMA pg_catalog;
ALTER VIEW tessera_stat_tenants_setup.citus_stat_tenants_local SET SCHEMA pg_catalog;
DROP SCHEMA tessera_stat_tenants_setup;

-- Both forget every tenant of this database (the counts live on the coordinator only).
CREATE FUNCTION pg_catalog.citus_stat_tenants_local_reset()
    RETURNS void
    LANGUAGE C VOLATILE
    AS 'MODULE_PATHNAME', 'citus_stat_tenants_local_reset';

CREATE FUNCTION pg_catalog.citus_stat_tenants_reset()
    RETURNS void
    LANGUAGE C VOLATILE
    AS 'MODULE_PATHNAME', 'citus_stat_tenants_local_reset';

REVOKE ALL ON FUNCTION pg_catalog.citus_stat_tenants(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.citus_stat_tenants(boolean) TO pg_monitor;
REVOKE ALL ON FUNCTION pg_catalog.citus_stat_tenants_local(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.citus_stat_tenants_local(boolean) TO pg_monitor;
REVOKE ALL ON pg_catalog.citus_stat_tenants FROM PUBLIC;
GRANT SELECT ON pg_catalog.citus_stat_tenants TO pg_monitor;
REVOKE ALL ON pg_catalog.citus_stat_tenants_local FROM PUBLIC;
GRANT SELECT ON pg_catalog.citus_stat_tenants_local TO pg_monitor;
REVOKE ALL ON FUNCTION pg_catalog.citus_stat_tenants_reset() FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_catalog.citus_stat_tenants_local_reset() FROM PUBLIC;
