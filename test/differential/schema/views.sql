-- Views over the tables, created after distribution (search_path = the side's schema).
CREATE VIEW active_ads AS
    SELECT company_id, id, campaign_id, name, impressions_count, clicks_count
    FROM ads WHERE status = 'active';

CREATE VIEW company_campaign_counts AS
    SELECT c.id AS company_id, c.name, count(cp.id) AS campaigns, sum(cp.monthly_budget) AS budget
    FROM companies c LEFT JOIN campaigns cp ON cp.company_id = c.id
    GROUP BY c.id, c.name;

CREATE VIEW european_companies AS
    SELECT c.id, c.name, co.name AS country
    FROM companies c JOIN countries co ON co.code = c.country_code
    WHERE co.continent = 'Europe';
