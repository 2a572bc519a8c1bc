-- Functions that let regression tests exercise internals; harmless in production.
CREATE FUNCTION tessera.test_error_boundary(mode text) RETURNS integer
    LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'tessera_test_error_boundary';
CREATE FUNCTION tessera.test_live_objects() RETURNS integer
    LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'tessera_test_live_objects';
