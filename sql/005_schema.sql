-- Tessera's own schema: internal objects live here; user-facing catalogs, views and functions are
-- moved to pg_catalog so they are visible without qualification, as in Citus.
CREATE SCHEMA tessera;
GRANT USAGE ON SCHEMA tessera TO public;
