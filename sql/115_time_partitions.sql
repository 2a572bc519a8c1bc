-- Time partitions, as in Citus's time-series support: the view time_partitions and the functions
-- get_missing_time_partition_ranges, create_time_partitions and drop_old_time_partitions, for
-- tables partitioned by RANGE on one date, timestamp or timestamptz column, local or distributed.
-- Partitions are created with CREATE TABLE ... PARTITION OF and dropped with DROP TABLE, run
-- through SPI: on a distributed table the utility hook distributes and colocates (or drops)
-- their shards exactly as for the same statements typed by a user.

-- The FROM and TO values of a partition of a range-partitioned table, as text (NULL for the
-- DEFAULT partition and for MINVALUE / MAXVALUE).
CREATE FUNCTION pg_catalog.time_partition_range(table_name regclass,
                                                OUT lower_bound text, OUT upper_bound text)
    RETURNS record LANGUAGE C STRICT STABLE
    AS 'MODULE_PATHNAME', 'tessera_time_partition_range';
COMMENT ON FUNCTION pg_catalog.time_partition_range(regclass)
    IS 'the lower and upper bound of a partition of a table partitioned by RANGE on one column';

CREATE SCHEMA tessera_time_partitions_setup;
-- Every partition of a table partitioned by RANGE on one column (as in Citus, whatever the
-- column's type), with its bounds as text; the DEFAULT partition has NULL bounds.
CREATE VIEW tessera_time_partitions_setup.time_partitions AS
SELECT p.partrelid::regclass AS parent_table,
       a.attname AS partition_column,
       c.oid::regclass AS partition,
       r.lower_bound AS from_value,
       r.upper_bound AS to_value,
       am.amname AS access_method
FROM pg_catalog.pg_partitioned_table p
JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
JOIN pg_catalog.pg_inherits i ON i.inhparent = p.partrelid
JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
CROSS JOIN LATERAL pg_catalog.time_partition_range(c.oid) r
WHERE p.partstrat = 'r' AND p.partnatts = 1 AND c.relpartbound IS NOT NULL
ORDER BY p.partrelid::regclass::text, r.lower_bound;
ALTER VIEW tessera_time_partitions_setup.time_partitions SET SCHEMA pg_catalog;
DROP SCHEMA tessera_time_partitions_setup;
GRANT SELECT ON pg_catalog.time_partitions TO public;

-- The type of the partition column of `table_name` (date, timestamp or timestamptz), or an
-- error saying why the table cannot have time partitions.
CREATE FUNCTION tessera.time_partition_column_type(table_name regclass)
    RETURNS regtype LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    relation_name name := (SELECT c.relname FROM pg_class c WHERE c.oid = table_name);
    strategy "char";
    column_count integer;
    column_number integer;
    column_name name;
    column_type regtype;
    hint text := 'Time partitions need a table partitioned by RANGE on one column of type date, '
                 'timestamp or timestamptz.';
BEGIN
    SELECT p.partstrat, p.partnatts, p.partattrs[0]
      INTO strategy, column_count, column_number
      FROM pg_partitioned_table p WHERE p.partrelid = table_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'table "%" is not partitioned', relation_name
            USING ERRCODE = 'wrong_object_type', HINT = hint;
    END IF;
    IF strategy <> 'r' THEN
        RAISE EXCEPTION 'table "%" is not partitioned by range', relation_name
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = format('It is partitioned by %s.',
                                  CASE strategy WHEN 'l' THEN 'list' ELSE 'hash' END),
                  HINT = hint;
    END IF;
    IF column_count <> 1 THEN
        RAISE EXCEPTION 'table "%" is partitioned by more than one column', relation_name
            USING ERRCODE = 'feature_not_supported', HINT = hint;
    END IF;
    IF column_number = 0 THEN
        RAISE EXCEPTION 'table "%" is partitioned by an expression', relation_name
            USING ERRCODE = 'feature_not_supported', HINT = hint;
    END IF;
    SELECT a.attname, a.atttypid INTO column_name, column_type
      FROM pg_attribute a WHERE a.attrelid = table_name AND a.attnum = column_number;
    IF column_type NOT IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
        RAISE EXCEPTION 'partition column "%" of table "%" must be of type date, timestamp or '
                        'timestamptz', column_name, relation_name
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = format('It is of type %s.', column_type);
    END IF;
    RETURN column_type;
END
$fn$;

-- The partitions [start_from, end_at) needs that `table_name` lacks, for a partition column of
-- type `column_type`: name and bounds (as text) of each. Every partition boundary is
-- anchor + n * partition_interval, where the anchor is the lower bound of the earliest existing
-- partition or, without one, start_from truncated to a unit fitting the interval; the first
-- partition is the one holding start_from. Computes in the session's time zone: for date and
-- timestamp columns the caller runs it with TimeZone UTC on UTC-encoded local times, so that
-- daylight saving time changes cannot skew boundaries. Arguments are checked by the caller.
CREATE FUNCTION tessera.time_partition_ranges(table_name regclass, column_type regtype,
                                              partition_interval interval,
                                              end_at timestamptz, start_from timestamptz)
    RETURNS TABLE(partition_name text, range_from_value text, range_to_value text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    relation_name name;
    default_partition oid;
    max_name_length integer := current_setting('max_identifier_length')::integer;
    -- the interval's months, days and time fields, each on its own
    months_part interval := date_trunc('month', partition_interval);
    days_part interval := date_trunc('day', partition_interval) - date_trunc('month', partition_interval);
    time_part interval := partition_interval - date_trunc('day', partition_interval);
    -- existing partitions (not the DEFAULT one); unbounded ends as -infinity / infinity
    existing_names text[];
    existing_from timestamptz[];
    existing_to timestamptz[];
    existing_from_text text[];
    existing_to_text text[];
    anchor timestamptz;
    step bigint := 0;
    range_start timestamptz;
    range_end timestamptz;
    name_format text;
    conflict record;
BEGIN
    SELECT c.relname, p.partdefid INTO relation_name, default_partition
      FROM pg_class c JOIN pg_partitioned_table p ON p.partrelid = c.oid
     WHERE c.oid = table_name;
    SELECT array_agg(tp.partition::text ORDER BY tp.partition),
           array_agg(coalesce(tp.from_value::timestamptz, '-infinity') ORDER BY tp.partition),
           array_agg(coalesce(tp.to_value::timestamptz, 'infinity') ORDER BY tp.partition),
           array_agg(coalesce(tp.from_value, 'MINVALUE') ORDER BY tp.partition),
           array_agg(coalesce(tp.to_value, 'MAXVALUE') ORDER BY tp.partition),
           min(tp.from_value::timestamptz) FILTER (WHERE isfinite(tp.from_value::timestamptz))
      INTO existing_names, existing_from, existing_to, existing_from_text, existing_to_text,
           anchor
      FROM (SELECT c.relname AS partition, t.from_value, t.to_value
              FROM pg_catalog.time_partitions t JOIN pg_class c ON c.oid = t.partition
             WHERE t.parent_table = table_name AND t.partition::oid <> default_partition
            OFFSET 0) tp;

    IF anchor IS NULL THEN
        anchor := date_trunc(CASE
            WHEN partition_interval < interval '1 hour' THEN 'minute'
            WHEN partition_interval < interval '1 day' THEN 'hour'
            WHEN partition_interval < interval '1 week' THEN 'day'
            WHEN partition_interval < interval '1 month' THEN 'week'
            WHEN months_part = interval '3 months' AND days_part = interval '0'
                 AND time_part = interval '0' THEN 'quarter'
            WHEN partition_interval < interval '1 year' THEN 'month'
            ELSE 'year' END, start_from);
    ELSE
        -- the last boundary at or before start_from: estimate, then correct the estimate
        step := floor(extract(epoch FROM start_from - anchor) / extract(epoch FROM partition_interval));
        WHILE anchor + partition_interval * step > start_from LOOP
            step := step - 1;
        END LOOP;
        WHILE anchor + partition_interval * (step + 1) <= start_from LOOP
            step := step + 1;
        END LOOP;
    END IF;

    -- Names as in Citus (and pg_partman): the parent's name, _p, and the start of the range to
    -- the precision the interval needs, so that no two partitions get the same name.
    IF months_part = interval '3 months' AND days_part = interval '0' AND time_part = interval '0' THEN
        name_format := 'YYYY"q"Q';
    ELSIF months_part = interval '0' AND days_part = interval '7 days' AND time_part = interval '0' THEN
        name_format := 'IYYY"w"IW';
    ELSE
        name_format := 'YYYY';
        IF partition_interval < interval '1 year' OR days_part <> interval '0'
           OR time_part <> interval '0' THEN
            name_format := name_format || '_MM';
        END IF;
        IF partition_interval < interval '1 month' OR days_part <> interval '0'
           OR time_part <> interval '0' THEN
            name_format := name_format || '_DD';
        END IF;
        IF partition_interval < interval '1 day' OR time_part <> interval '0' THEN
            name_format := name_format || '_HH24MI';
        END IF;
        IF partition_interval < interval '1 minute'
           OR date_trunc('minute', time_part) <> time_part THEN
            name_format := name_format || 'SS';
        END IF;
    END IF;

    LOOP
        range_start := anchor + partition_interval * step;
        EXIT WHEN range_start >= end_at;
        range_end := anchor + partition_interval * (step + 1);
        step := step + 1;

        SELECT e.name, e.from_text, e.to_text,
               e.from_value = range_start AND e.to_value = range_end AS same_range
          INTO conflict
          FROM unnest(existing_names, existing_from, existing_to, existing_from_text,
                      existing_to_text) AS e(name, from_value, to_value, from_text, to_text)
         WHERE e.from_value < range_end AND e.to_value > range_start
         LIMIT 1;
        IF FOUND THEN
            IF conflict.same_range THEN
                CONTINUE;
            END IF;
            RAISE EXCEPTION 'partition "%" of table "%" does not line up with partition_interval %',
                            conflict.name, relation_name, partition_interval
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('It holds values from %s to %s; a partition from %s to %s '
                                      'is needed.',
                                      conflict.from_text, conflict.to_text,
                                      CASE WHEN column_type = 'date'::regtype
                                           THEN range_start::date::text
                                           WHEN column_type = 'timestamp'::regtype
                                           THEN range_start::timestamp::text
                                           ELSE range_start::text END,
                                      CASE WHEN column_type = 'date'::regtype
                                           THEN range_end::date::text
                                           WHEN column_type = 'timestamp'::regtype
                                           THEN range_end::timestamp::text
                                           ELSE range_end::text END),
                      HINT = 'Use the interval the existing partitions were made with, or '
                             'partitions of one size whose bounds are whole intervals apart.';
        END IF;

        partition_name := left(relation_name,
                               max_name_length - 2 - length(to_char(range_start, name_format)))
                          || '_p' || to_char(range_start, name_format);
        IF column_type = 'date'::regtype THEN
            range_from_value := range_start::date::text;
            range_to_value := range_end::date::text;
        ELSIF column_type = 'timestamp'::regtype THEN
            range_from_value := range_start::timestamp::text;
            range_to_value := range_end::timestamp::text;
        ELSE
            range_from_value := range_start::text;
            range_to_value := range_end::text;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$fn$;

-- time_partition_ranges for date and timestamp columns: in UTC, so that local times (encoded as
-- UTC instants by the caller) step by calendar days without daylight saving time shifts.
CREATE FUNCTION tessera.time_partition_ranges_in_utc(table_name regclass, column_type regtype,
                                                     partition_interval interval,
                                                     end_at timestamptz, start_from timestamptz)
    RETURNS TABLE(partition_name text, range_from_value text, range_to_value text)
    LANGUAGE sql VOLATILE
    SET TimeZone = 'UTC'
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT * FROM tessera.time_partition_ranges(table_name, column_type, partition_interval,
                                                end_at, start_from)
$fn$;

-- get_missing_time_partition_ranges(table, interval, to_value, from_value): the partitions
-- create_time_partitions would create, without creating them.
CREATE FUNCTION pg_catalog.get_missing_time_partition_ranges(
        table_name regclass, partition_interval interval, to_value timestamptz,
        from_value timestamptz DEFAULT now())
    RETURNS TABLE(partition_name text, range_from_value text, range_to_value text)
    LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    column_type regtype;
BEGIN
    IF table_name IS NULL OR partition_interval IS NULL OR to_value IS NULL
       OR from_value IS NULL THEN
        RAISE EXCEPTION 'table_name, partition_interval, to_value and from_value must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF partition_interval <= interval '0'
       OR date_trunc('month', partition_interval) < interval '0'
       OR date_trunc('day', partition_interval) - date_trunc('month', partition_interval) < interval '0'
       OR partition_interval - date_trunc('day', partition_interval) < interval '0' THEN
        RAISE EXCEPTION 'partition_interval must be greater than zero'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('It is %s; it must be more than zero, with no negative '
                                  'months, days or time.', partition_interval);
    END IF;
    IF NOT isfinite(from_value) OR NOT isfinite(to_value) THEN
        RAISE EXCEPTION 'from_value and to_value must be finite'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('from_value is %s and to_value is %s.', from_value, to_value);
    END IF;
    IF from_value >= to_value THEN
        RAISE EXCEPTION 'from_value must be before to_value'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('from_value is %s and to_value is %s.', from_value, to_value);
    END IF;
    column_type := tessera.time_partition_column_type(table_name);
    IF column_type = 'date'::regtype
       AND date_trunc('day', partition_interval) <> partition_interval THEN
        RAISE EXCEPTION 'partition_interval must be a whole number of days for a table '
                        'partitioned by a date column'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('It is %s.', partition_interval);
    END IF;
    -- one caller at a time adds partitions to a table; reads and writes go on
    EXECUTE format('LOCK TABLE %s IN SHARE UPDATE EXCLUSIVE MODE', table_name);
    IF column_type = 'timestamptz'::regtype THEN
        RETURN QUERY SELECT * FROM tessera.time_partition_ranges(
            table_name, column_type, partition_interval, to_value, from_value);
    ELSE
        RETURN QUERY SELECT * FROM tessera.time_partition_ranges_in_utc(
            table_name, column_type, partition_interval,
            to_value::timestamp AT TIME ZONE 'UTC', from_value::timestamp AT TIME ZONE 'UTC');
    END IF;
END
$fn$;
COMMENT ON FUNCTION pg_catalog.get_missing_time_partition_ranges(regclass, interval, timestamptz,
                                                                 timestamptz)
    IS 'the partitions create_time_partitions would create for a range of time';

-- create_time_partitions(table, interval, end_at, start_from): creates the partitions of
-- `partition_interval` that [start_from, end_at) needs and the table lacks; true if it created
-- any.
CREATE FUNCTION pg_catalog.create_time_partitions(table_name regclass,
                                                  partition_interval interval,
                                                  end_at timestamptz,
                                                  start_from timestamptz DEFAULT now())
    RETURNS boolean LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    schema_name name;
    missing record;
    created boolean := false;
BEGIN
    IF table_name IS NULL OR partition_interval IS NULL OR end_at IS NULL
       OR start_from IS NULL THEN
        RAISE EXCEPTION 'table_name, partition_interval, end_at and start_from must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(start_from) OR NOT isfinite(end_at) THEN
        RAISE EXCEPTION 'start_from and end_at must be finite'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('start_from is %s and end_at is %s.', start_from, end_at);
    END IF;
    IF start_from >= end_at THEN
        RAISE EXCEPTION 'start_from must be before end_at'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('start_from is %s and end_at is %s.', start_from, end_at);
    END IF;
    SELECT n.nspname INTO schema_name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = table_name;
    FOR missing IN
        SELECT * FROM pg_catalog.get_missing_time_partition_ranges(table_name, partition_interval,
                                                                  end_at, start_from)
    LOOP
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                       schema_name, missing.partition_name, table_name,
                       missing.range_from_value, missing.range_to_value);
        created := true;
    END LOOP;
    RETURN created;
END
$fn$;
COMMENT ON FUNCTION pg_catalog.create_time_partitions(regclass, interval, timestamptz, timestamptz)
    IS 'creates the partitions of a time-partitioned table that a range of time lacks';

-- drop_old_time_partitions(table, older_than): drops the partitions whose upper bound is at or
-- before older_than (a procedure, as in Citus: CALL drop_old_time_partitions(...)).
CREATE PROCEDURE pg_catalog.drop_old_time_partitions(table_name regclass,
                                                     older_than timestamptz)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    column_type regtype;
    expired record;
BEGIN
    IF table_name IS NULL OR older_than IS NULL THEN
        RAISE EXCEPTION 'table_name and older_than must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    column_type := tessera.time_partition_column_type(table_name);
    EXECUTE format('LOCK TABLE %s IN SHARE UPDATE EXCLUSIVE MODE', table_name);
    -- date and timestamp bounds are local times: compare them with older_than's local time
    FOR expired IN
        WITH bounded AS MATERIALIZED (
            SELECT tp.partition, tp.from_value, tp.to_value
              FROM pg_catalog.time_partitions tp
             WHERE tp.parent_table = table_name AND tp.to_value IS NOT NULL)
        SELECT n.nspname, c.relname, b.from_value, b.to_value
          FROM bounded b
          JOIN pg_class c ON c.oid = b.partition
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE CASE WHEN column_type = 'timestamptz'::regtype
                    THEN b.to_value::timestamptz <= older_than
                    ELSE b.to_value::timestamp <= older_than::timestamp END
         ORDER BY b.to_value::timestamptz
    LOOP
        RAISE NOTICE 'dropping partition "%" with values from % to %', expired.relname,
                     coalesce(expired.from_value, 'MINVALUE'), expired.to_value;
        EXECUTE format('DROP TABLE %I.%I', expired.nspname, expired.relname);
    END LOOP;
END
$fn$;
COMMENT ON PROCEDURE pg_catalog.drop_old_time_partitions(regclass, timestamptz)
    IS 'drops the partitions of a time-partitioned table that end at or before a time';
