CREATE VIEW org_users AS
SELECT u.org, count(*) AS users, count(DISTINCT u.email) AS emails
FROM users u GROUP BY u.org;
