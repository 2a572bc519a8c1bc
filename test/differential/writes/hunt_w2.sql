-- error
INSERT INTO companies (id, name, created_at) VALUES (NULL, 'x', '2020-01-01');
-- error
INSERT INTO companies (id, name, created_at) SELECT max(id) + 1000, 'x', '2020-01-01' FROM companies WHERE id < 0;
-- error
INSERT INTO campaigns (company_id, id, name) SELECT NULL, 1, 'n';
-- error
COPY companies (id, name, created_at) FROM STDIN;
\N	copy	2020-01-01
\.
-- error
INSERT INTO companies (id, name, created_at) VALUES (7001, 'x', '2020-01-01'), (NULL, 'y', '2020-01-01');
SELECT count(*) FROM companies;
