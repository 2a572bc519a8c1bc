-- Partial aggregation across shards with PostgreSQL's own transition and combine functions, as
-- its parallel aggregation uses them: workers return transition states, the coordinator
-- combines them and applies the same final function vanilla would.

-- Worker side: the transition state of avg/stddev/variance over floats, and of avg over small
-- integers.
CREATE AGGREGATE tessera.partial_float_state(float8) (
    sfunc = pg_catalog.float8_accum, stype = float8[], initcond = '{0,0,0}');
CREATE AGGREGATE tessera.partial_float_state(float4) (
    sfunc = pg_catalog.float4_accum, stype = float8[], initcond = '{0,0,0}');
CREATE AGGREGATE tessera.partial_int_avg_state(int4) (
    sfunc = pg_catalog.int4_avg_accum, stype = int8[], initcond = '{0,0}');
CREATE AGGREGATE tessera.partial_int_avg_state(int2) (
    sfunc = pg_catalog.int2_avg_accum, stype = int8[], initcond = '{0,0}');

-- Coordinator side: combine the states, then finish as the original aggregate does.
CREATE AGGREGATE tessera.combine_float_avg(float8[]) (
    sfunc = pg_catalog.float8_combine, stype = float8[], initcond = '{0,0,0}',
    finalfunc = pg_catalog.float8_avg);
CREATE AGGREGATE tessera.combine_float_stddev_samp(float8[]) (
    sfunc = pg_catalog.float8_combine, stype = float8[], initcond = '{0,0,0}',
    finalfunc = pg_catalog.float8_stddev_samp);
CREATE AGGREGATE tessera.combine_float_stddev_pop(float8[]) (
    sfunc = pg_catalog.float8_combine, stype = float8[], initcond = '{0,0,0}',
    finalfunc = pg_catalog.float8_stddev_pop);
CREATE AGGREGATE tessera.combine_float_var_samp(float8[]) (
    sfunc = pg_catalog.float8_combine, stype = float8[], initcond = '{0,0,0}',
    finalfunc = pg_catalog.float8_var_samp);
CREATE AGGREGATE tessera.combine_float_var_pop(float8[]) (
    sfunc = pg_catalog.float8_combine, stype = float8[], initcond = '{0,0,0}',
    finalfunc = pg_catalog.float8_var_pop);
CREATE AGGREGATE tessera.combine_int_avg(int8[]) (
    sfunc = pg_catalog.int4_avg_combine, stype = int8[], initcond = '{0,0}',
    finalfunc = pg_catalog.int8_avg);
