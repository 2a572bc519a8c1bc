-- The 22 queries again with join methods switched off, so the coordinator's part of each plan
-- (and the workers' pushed-down parts) use other join and aggregate strategies.
SET enable_hashjoin = off;
-- include: q01_q11.sql
-- include: q12_q22.sql
RESET enable_hashjoin;
SET enable_mergejoin = off;
SET enable_hashagg = off;
-- include: q01_q11.sql
-- include: q12_q22.sql
RESET enable_mergejoin;
RESET enable_hashagg;
SET enable_nestloop = off;
SET enable_sort = off;
-- include: q01_q11.sql
-- include: q12_q22.sql
RESET enable_nestloop;
RESET enable_sort;
