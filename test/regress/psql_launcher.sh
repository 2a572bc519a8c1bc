#!/usr/bin/env bash
# pg_regress --launcher: pg_regress runs `psql_launcher.sh /path/to/psql -X -a -q -d ...` for
# every test. We add the cluster's ports as psql variables so tests can write :worker_1_port.
# run_suite.sh exports the environment variables read here.
psql=$1
shift
exec "$psql" \
    -v coordinator_port="${COORDINATOR_PORT:?}" \
    -v worker_1_port="${WORKER_1_PORT:?}" \
    -v worker_2_port="${WORKER_2_PORT:?}" \
    -v worker_count="${WORKER_COUNT:-2}" \
    "$@"
