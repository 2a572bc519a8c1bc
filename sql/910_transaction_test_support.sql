-- Runs a command on one node inside the current distributed transaction (as the current user),
-- so regression tests can check atomic commit and rollback across nodes. Returns the single
-- value of the command's result, or its command tag.
CREATE FUNCTION tessera.test_run_in_transaction(nodename text, nodeport integer, command text)
    RETURNS text LANGUAGE C STRICT VOLATILE
    AS 'MODULE_PATHNAME', 'tessera_test_run_in_transaction';
REVOKE ALL ON FUNCTION tessera.test_run_in_transaction(text, integer, text) FROM public;
