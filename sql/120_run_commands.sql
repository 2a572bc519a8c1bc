-- Running a command on the shards or shard placements of a distributed or reference table, with
-- each shard's name put into the command (format() placeholders: %s, %I, %L). The commands run
-- outside the caller's transaction, as the calling user, one row per shard or placement.

-- Runs commands[i] on node_names[i]:node_ports[i]; one row per command, in the order given. The
-- nodes must be in pg_dist_node.
CREATE FUNCTION tessera.run_commands_on_nodes(node_names text[], node_ports integer[],
                                              commands text[], parallel boolean,
                                              OUT node_name text, OUT node_port integer,
                                              OUT success boolean, OUT result text)
    RETURNS SETOF record LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', 'tessera_run_commands_on_nodes';

-- Raises an error unless the table is distributed or a reference table; `caller` names the
-- function in the message.
CREATE FUNCTION tessera.require_distributed_table(table_name regclass, caller text)
    RETURNS void LANGUAGE plpgsql STABLE AS $fn$
BEGIN
    IF table_name IS NULL THEN
        RAISE EXCEPTION 'table_name must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = table_name)
    THEN
        RAISE EXCEPTION 'table "%" is not a distributed table', table_name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s runs commands on the shards of distributed and reference '
                                  'tables.', caller);
    END IF;
END
$fn$;

CREATE FUNCTION pg_catalog.run_command_on_shards(table_name regclass, command text,
                                                 parallel boolean DEFAULT true,
                                                 OUT shardid bigint, OUT success boolean,
                                                 OUT result text)
    RETURNS SETOF record LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
    names text[];
    ports integer[];
    shards bigint[];
    commands text[];
BEGIN
    PERFORM tessera.require_distributed_table(table_name, 'run_command_on_shards');
    IF command IS NULL OR parallel IS NULL THEN
        RAISE EXCEPTION 'command and parallel must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- One placement per shard (the first node holding it, for reference tables).
    SELECT array_agg(t.nodename ORDER BY t.shardid), array_agg(t.nodeport ORDER BY t.shardid),
           array_agg(t.shardid ORDER BY t.shardid),
           array_agg(format(command, pg_catalog.shard_name(table_name, t.shardid))
                     ORDER BY t.shardid)
      INTO names, ports, shards, commands
      FROM (SELECT DISTINCT ON (s.shardid) s.shardid, n.nodename, n.nodeport
              FROM pg_catalog.pg_dist_shard s
              JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = s.shardid
              JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
             WHERE s.logicalrelid = table_name
             ORDER BY s.shardid, n.nodeid) t;
    RETURN QUERY
        SELECT shards[r.ordinality], r.success, r.result
          FROM tessera.run_commands_on_nodes(coalesce(names, '{}'), coalesce(ports, '{}'),
                                             coalesce(commands, '{}'), parallel)
               WITH ORDINALITY r;
END
$fn$;
COMMENT ON FUNCTION pg_catalog.run_command_on_shards(regclass, text, boolean)
    IS 'runs a command on each shard of a table, %s standing for the shard''s name';

CREATE FUNCTION pg_catalog.run_command_on_placements(table_name regclass, command text,
                                                     parallel boolean DEFAULT true,
                                                     OUT nodename text, OUT nodeport integer,
                                                     OUT shardid bigint, OUT success boolean,
                                                     OUT result text)
    RETURNS SETOF record LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
    names text[];
    ports integer[];
    shards bigint[];
    commands text[];
BEGIN
    PERFORM tessera.require_distributed_table(table_name, 'run_command_on_placements');
    IF command IS NULL OR parallel IS NULL THEN
        RAISE EXCEPTION 'command and parallel must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT array_agg(t.nodename ORDER BY t.shardid, t.nodeid),
           array_agg(t.nodeport ORDER BY t.shardid, t.nodeid),
           array_agg(t.shardid ORDER BY t.shardid, t.nodeid),
           array_agg(format(command, pg_catalog.shard_name(table_name, t.shardid))
                     ORDER BY t.shardid, t.nodeid)
      INTO names, ports, shards, commands
      FROM (SELECT s.shardid, n.nodeid, n.nodename, n.nodeport
              FROM pg_catalog.pg_dist_shard s
              JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = s.shardid
              JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
             WHERE s.logicalrelid = table_name) t;
    RETURN QUERY
        SELECT r.node_name, r.node_port, shards[r.ordinality], r.success, r.result
          FROM tessera.run_commands_on_nodes(coalesce(names, '{}'), coalesce(ports, '{}'),
                                             coalesce(commands, '{}'), parallel)
               WITH ORDINALITY r;
END
$fn$;
COMMENT ON FUNCTION pg_catalog.run_command_on_placements(regclass, text, boolean)
    IS 'runs a command on each placement of each shard of a table, %s standing for the shard''s name';

CREATE FUNCTION pg_catalog.run_command_on_colocated_placements(table_name1 regclass,
                                                               table_name2 regclass,
                                                               command text,
                                                               parallel boolean DEFAULT true,
                                                               OUT nodename text,
                                                               OUT nodeport integer,
                                                               OUT shardid1 bigint,
                                                               OUT shardid2 bigint,
                                                               OUT success boolean,
                                                               OUT result text)
    RETURNS SETOF record LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
    names text[];
    ports integer[];
    shards1 bigint[];
    shards2 bigint[];
    commands text[];
BEGIN
    PERFORM tessera.require_distributed_table(table_name1, 'run_command_on_colocated_placements');
    PERFORM tessera.require_distributed_table(table_name2, 'run_command_on_colocated_placements');
    IF command IS NULL OR parallel IS NULL THEN
        RAISE EXCEPTION 'command and parallel must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF (SELECT p.colocationid FROM pg_catalog.pg_dist_partition p
         WHERE p.logicalrelid = table_name1) IS DISTINCT FROM
       (SELECT p.colocationid FROM pg_catalog.pg_dist_partition p
         WHERE p.logicalrelid = table_name2) THEN
        RAISE EXCEPTION 'tables "%" and "%" are not colocated', table_name1, table_name2
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass two tables of the same colocation group (see pg_dist_partition.colocationid).';
    END IF;
    -- Colocated shards cover the same hash range and live on the same nodes.
    SELECT array_agg(t.nodename ORDER BY t.shardid1, t.nodeid),
           array_agg(t.nodeport ORDER BY t.shardid1, t.nodeid),
           array_agg(t.shardid1 ORDER BY t.shardid1, t.nodeid),
           array_agg(t.shardid2 ORDER BY t.shardid1, t.nodeid),
           array_agg(format(command, pg_catalog.shard_name(table_name1, t.shardid1),
                            pg_catalog.shard_name(table_name2, t.shardid2))
                     ORDER BY t.shardid1, t.nodeid)
      INTO names, ports, shards1, shards2, commands
      FROM (SELECT s1.shardid AS shardid1, s2.shardid AS shardid2, n.nodeid, n.nodename,
                   n.nodeport
              FROM pg_catalog.pg_dist_shard s1
              JOIN pg_catalog.pg_dist_placement p1 ON p1.shardid = s1.shardid
              JOIN pg_catalog.pg_dist_shard s2
                ON s2.logicalrelid = table_name2
               AND s2.shardminvalue IS NOT DISTINCT FROM s1.shardminvalue
               AND s2.shardmaxvalue IS NOT DISTINCT FROM s1.shardmaxvalue
              JOIN pg_catalog.pg_dist_placement p2
                ON p2.shardid = s2.shardid AND p2.groupid = p1.groupid
              JOIN pg_catalog.pg_dist_node n ON n.groupid = p1.groupid AND n.noderole = 'primary'
             WHERE s1.logicalrelid = table_name1) t;
    RETURN QUERY
        SELECT r.node_name, r.node_port, shards1[r.ordinality], shards2[r.ordinality], r.success,
               r.result
          FROM tessera.run_commands_on_nodes(coalesce(names, '{}'), coalesce(ports, '{}'),
                                             coalesce(commands, '{}'), parallel)
               WITH ORDINALITY r;
END
$fn$;
COMMENT ON FUNCTION pg_catalog.run_command_on_colocated_placements(regclass, regclass, text, boolean)
    IS 'runs a command on each pair of colocated placements of two tables, %s standing for their names';
