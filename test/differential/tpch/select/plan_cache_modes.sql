-- The prepared TPC-H statements again with generic plans forced from the first execution, then
-- custom plans forced throughout.
SET plan_cache_mode = force_generic_plan;
-- include: prepared.sql
-- include: pruning.sql
RESET plan_cache_mode;
SET plan_cache_mode = force_custom_plan;
-- include: prepared.sql
RESET plan_cache_mode;
