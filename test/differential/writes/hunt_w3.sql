-- error
UPDATE companies SET employees = 1/0 WHERE id = 3;
-- error
COPY companies (id, name, created_at) FROM STDIN;
\N	copy	2020-01-01
\.
COPY companies (id, name, created_at) FROM STDIN;
7002	copy	2020-01-01
\.
-- error
COPY companies (id, name, created_at) FROM STDIN;
7002	copy	2020-01-01
\.
SELECT count(*) FROM companies;
