-- The 22 queries with JIT compilation of expressions and tuple deforming forced on the
-- coordinator (it deforms the scans' rows made from the workers' text).
SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = 0;
SET jit_optimize_above_cost = 0;
-- include: q01_q11.sql
-- include: q12_q22.sql
RESET jit_optimize_above_cost;
RESET jit_inline_above_cost;
RESET jit_above_cost;
RESET jit;
