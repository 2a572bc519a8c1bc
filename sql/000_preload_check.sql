-- Refuse to install into a server that did not preload the library.
CREATE FUNCTION pg_catalog.tessera_check_preloaded() RETURNS void
    LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'tessera_check_preloaded';
SELECT pg_catalog.tessera_check_preloaded();
