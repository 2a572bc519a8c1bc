-- COPY FROM STDIN errors are compared by their own message (psql does not set
-- LAST_ERROR_MESSAGE for them): after a statement failing differently on purpose, a failing COPY
-- must not inherit that statement's messages.
-- error
-- expect-error: cannot modify distribution column
UPDATE companies SET id = NULL WHERE id = 3;
-- error
COPY companies (id, name, created_at) FROM STDIN;
\N	copy	2020-01-01
\.
COPY companies (id, name, created_at) FROM STDIN;
7002	copy	2020-01-01
\.
-- error
COPY companies (id, name, created_at) FROM STDIN;
7002	copy again	2020-01-01
\.
SELECT id, name FROM companies WHERE id = 7002;
