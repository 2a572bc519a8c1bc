-- Changing colocation groups without moving data, and create_distributed_table_concurrently.

CREATE FUNCTION pg_catalog.mark_tables_colocated(source_table_name regclass,
                                                 target_table_names regclass[])
    RETURNS void LANGUAGE C CALLED ON NULL INPUT
    AS 'MODULE_PATHNAME', 'tessera_mark_tables_colocated';
COMMENT ON FUNCTION pg_catalog.mark_tables_colocated(regclass, regclass[])
    IS 'puts tables whose shards already line up into the colocation group of another table';

CREATE FUNCTION pg_catalog.update_distributed_table_colocation(table_name regclass,
                                                               colocate_with text)
    RETURNS void LANGUAGE C CALLED ON NULL INPUT
    AS 'MODULE_PATHNAME', 'tessera_update_distributed_table_colocation';
COMMENT ON FUNCTION pg_catalog.update_distributed_table_colocation(regclass, text)
    IS 'moves a distributed table into the colocation group of another table, or a new one (none)';

CREATE FUNCTION pg_catalog.create_distributed_table_concurrently(table_name regclass,
                                                                 distribution_column text,
                                                                 distribution_type text DEFAULT 'hash',
                                                                 colocate_with text DEFAULT 'default',
                                                                 shard_count integer DEFAULT NULL)
    RETURNS void LANGUAGE C CALLED ON NULL INPUT
    AS 'MODULE_PATHNAME', 'tessera_create_distributed_table_concurrently';
COMMENT ON FUNCTION pg_catalog.create_distributed_table_concurrently(regclass, text, text, text,
                                                                     integer)
    IS 'create_distributed_table outside a transaction block; reads and writes wait for its copy';
