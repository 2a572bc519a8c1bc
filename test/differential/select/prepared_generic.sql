-- Prepared queries across shards under generic plans: the worker queries carry the parameters
-- ($n) and every execution sends their values along with each task.
SET plan_cache_mode = force_generic_plan;

PREPARE budgets(bigint, text) AS
    SELECT state, count(*), sum(monthly_budget), avg(monthly_budget), min(start_date), max(end_date)
    FROM campaigns WHERE company_id > $1 AND cost_model = $2 GROUP BY state;
EXECUTE budgets(10, 'cpc');
EXECUTE budgets(0, 'cpm');
EXECUTE budgets(55, 'cpa');
EXECUTE budgets(NULL, 'cpc');
EXECUTE budgets(10, NULL);

PREPARE top_ads(float8, int) AS
    SELECT company_id, id, score FROM ads WHERE score > $1 ORDER BY score DESC, company_id, id LIMIT $2;
-- ordered
EXECUTE top_ads(0.5, 5);
-- ordered
EXECUTE top_ads(-1, 3);
-- ordered
EXECUTE top_ads(2, 10);

PREPARE per_company(int, date) AS
    SELECT c.company_id, count(*) AS n, string_agg(c.name, ',' ORDER BY c.id) AS names
    FROM campaigns c JOIN ads a ON a.company_id = c.company_id AND a.campaign_id = c.id
    WHERE c.start_date >= $2 GROUP BY c.company_id HAVING count(*) > $1;
EXECUTE per_company(2, '2021-01-01');
EXECUTE per_company(0, '2021-03-01');
EXECUTE per_company(5, NULL);

PREPARE with_reference(text[]) AS
    SELECT co.country_code, count(*) FROM companies co JOIN countries ct ON ct.code = co.country_code
    WHERE co.country_code = ANY ($1) GROUP BY co.country_code;
EXECUTE with_reference(ARRAY['US', 'DE', 'FR']);
EXECUTE with_reference(ARRAY[]::text[]);

PREPARE text_key(text, interval, numeric) AS
    SELECT kind, count(*), sum(amount), max(duration) FROM events
    WHERE event_key >= $1 AND (duration IS NULL OR duration < $2) AND coalesce(amount, 0) < $3
    GROUP BY kind;
EXECUTE text_key('a', '1 day', 500);
EXECUTE text_key('m', '2 hours', 1e6);

PREPARE distinct_names(bigint) AS
    SELECT DISTINCT cost_model FROM campaigns WHERE company_id <> $1;
EXECUTE distinct_names(3);

PREPARE unused_first(int, bigint) AS SELECT count(*) FROM companies WHERE id > $2;
EXECUTE unused_first(1, 30);

RESET plan_cache_mode;
