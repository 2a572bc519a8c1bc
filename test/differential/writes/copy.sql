-- COPY into distributed and reference tables (text and csv, column lists, NULLs, escapes), a
-- bad row, and COPY (query) TO STDOUT.

COPY companies (id, name, created_at, plan, tags) FROM STDIN;
501	copy one	2023-05-01 00:00:00	pro	{a,b}
502	copy \N two	2023-05-02 00:00:00	\N	\N
503	tab\there\\back	2023-05-03 00:00:00	free	{}
504	Ünïcødé	2023-05-04 00:00:00	basic	{"x y"}
\.

COPY campaigns (company_id, id, name, monthly_budget) FROM STDIN WITH (FORMAT csv, HEADER true);
company_id,id,name,monthly_budget
501,5011,"quoted, with comma",100
502,5021,"",
503,5031,"line
break",300
1,5041,x,7
\.

COPY countries FROM STDIN WITH (FORMAT csv);
YY,Yland,Europe,5,true
\.

-- error
COPY companies (id, name, created_at) FROM STDIN;
505	ok	2023-01-01
506	bad	notadate
\.

COPY (SELECT id, name, plan, tags FROM companies WHERE id > 500 ORDER BY id) TO STDOUT;

COPY (SELECT company_id, id, name FROM campaigns WHERE id > 5000 ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER true);

SELECT count(*) FROM companies;
