-- Prepared statements executed more than five times, so that PostgreSQL switches to a generic
-- plan (parameters then pruned at execution time).

PREPARE company_by_id(bigint) AS SELECT id, name, plan, employees FROM companies WHERE id = $1;
EXECUTE company_by_id(1);
EXECUTE company_by_id(2);
EXECUTE company_by_id(3);
EXECUTE company_by_id(4);
EXECUTE company_by_id(5);
EXECUTE company_by_id(6);
EXECUTE company_by_id(7);
EXECUTE company_by_id(8);
EXECUTE company_by_id(999);
EXECUTE company_by_id(NULL);

PREPARE ads_of(bigint, int) AS
    SELECT id, name, impressions_count FROM ads WHERE company_id = $1 ORDER BY id LIMIT $2;
-- ordered
EXECUTE ads_of(11, 3);
-- ordered
EXECUTE ads_of(12, 3);
-- ordered
EXECUTE ads_of(13, 1);
-- ordered
EXECUTE ads_of(14, 10);
-- ordered
EXECUTE ads_of(15, 0);
-- ordered
EXECUTE ads_of(16, 5);
-- ordered
EXECUTE ads_of(17, 2);
-- ordered
EXECUTE ads_of(18, 100);

-- parameter on a non-distribution column: multi-shard every time
PREPARE by_plan(text) AS SELECT count(*), min(id), max(id) FROM companies WHERE plan = $1;
EXECUTE by_plan('free');
EXECUTE by_plan('basic');
EXECUTE by_plan('pro');
EXECUTE by_plan('enterprise');
EXECUTE by_plan('none');
EXECUTE by_plan('free');
EXECUTE by_plan('pro');

-- parameter in a join and an aggregate
PREPARE clicks_for(bigint) AS
    SELECT a.campaign_id, count(c.*), count(c.site_url), sum(c.cost_per_click_usd)
    FROM ads a JOIN clicks c ON c.company_id = a.company_id AND c.ad_id = a.id
    WHERE a.company_id = $1 GROUP BY a.campaign_id;
EXECUTE clicks_for(20);
EXECUTE clicks_for(21);
EXECUTE clicks_for(22);
EXECUTE clicks_for(23);
EXECUTE clicks_for(24);
EXECUTE clicks_for(25);
EXECUTE clicks_for(26);

-- text distribution key as a parameter
PREPARE ev(text) AS SELECT event_key, seq, kind, amount FROM events WHERE event_key = $1;
EXECUTE ev('k1');
EXECUTE ev('k2');
EXECUTE ev('');
EXECUTE ev('ключ-1');
EXECUTE ev('k299');
EXECUTE ev('nope');
EXECUTE ev('k7');

-- = ANY with an array parameter
PREPARE many(bigint[]) AS SELECT id, name FROM companies WHERE id = ANY ($1);
EXECUTE many(ARRAY[1, 2, 3]);
EXECUTE many(ARRAY[40]);
EXECUTE many(ARRAY[]::bigint[]);
EXECUTE many(ARRAY[5, NULL, 6]);
EXECUTE many(ARRAY[59, 60, 61]);
EXECUTE many(ARRAY[7, 7, 7]);
EXECUTE many(NULL);

-- parameter used twice and in the select list
PREPARE two_uses(bigint) AS
    SELECT $1 AS asked, c.id, (SELECT count(*) FROM campaigns cp WHERE cp.company_id = $1) AS n
    FROM companies c WHERE c.id = $1;
EXECUTE two_uses(1);
EXECUTE two_uses(5);
EXECUTE two_uses(6);
EXECUTE two_uses(11);
EXECUTE two_uses(12);
EXECUTE two_uses(59);
EXECUTE two_uses(0);

DEALLOCATE ALL;
