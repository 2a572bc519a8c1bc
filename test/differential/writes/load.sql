-- Load the rows again through distributed writes: TRUNCATE every table, then the same
-- INSERT ... SELECT generate_series statements as the initial load (schema/data.sql), which here
-- run against tables that are already distributed (rows routed to shards; INSERT ... SELECT
-- between colocated tables; from a distributed table into itself).

TRUNCATE companies, campaigns, ads, clicks, countries, plans, events, "OrderItems", notes;

SELECT count(*) FROM companies;

-- include: ../schema/data.sql

SELECT count(*), sum(id) FROM clicks;
