-- Recovery of interrupted two-phase commits: commits the prepared transactions on the workers
-- whose commit record exists in pg_dist_transaction, rolls back those of transactions that ended
-- without one, and deletes records no longer needed. Returns how many prepared transactions it
-- resolved. The maintenance worker runs it every tessera.recover_2pc_interval.
CREATE FUNCTION pg_catalog.recover_prepared_transactions() RETURNS integer
    LANGUAGE C STRICT VOLATILE AS 'MODULE_PATHNAME', 'recover_prepared_transactions';
COMMENT ON FUNCTION pg_catalog.recover_prepared_transactions()
    IS 'resolves prepared transactions left on the workers by interrupted two-phase commits';
REVOKE ALL ON FUNCTION pg_catalog.recover_prepared_transactions() FROM public;
