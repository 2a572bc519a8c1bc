-- The same filters under session settings that change how values are written and read: time
-- zone, date style, interval style, float digits, string escapes. Vanilla PostgreSQL applies
-- them to the whole query; so must the distributed one.

SET TimeZone = 'Asia/Kolkata';

SELECT id FROM companies WHERE updated_at < '2021-03-05';

SELECT id FROM companies WHERE updated_at::date = '2021-03-04';

SELECT id FROM companies WHERE date_trunc('day', updated_at) = '2021-03-04 00:00';

SELECT id FROM companies WHERE extract(hour FROM updated_at) BETWEEN 0 AND 5;

SELECT company_id, id FROM clicks WHERE clicked_at::time < '01:00' AND company_id < 20;

SELECT id FROM companies WHERE updated_at::text LIKE '%+05:30';

SELECT id FROM companies WHERE created_at::timestamptz < '2020-03-01';

SELECT id, updated_at AT TIME ZONE 'UTC' FROM companies WHERE (updated_at AT TIME ZONE 'UTC')::date = '2021-03-04';

PREPARE tz_param(timestamptz) AS SELECT count(*) FROM clicks WHERE clicked_at < $1;
EXECUTE tz_param('2022-03-01 00:00');
EXECUTE tz_param('2022-03-01 00:00');
EXECUTE tz_param('2022-03-01 00:00');
EXECUTE tz_param('2022-03-01 00:00');
EXECUTE tz_param('2022-03-01 00:00');
EXECUTE tz_param('2022-03-01 00:00');
EXECUTE tz_param('2022-03-01 00:00');

SET TimeZone = 'America/St_Johns';

SELECT id FROM companies WHERE updated_at < '2021-03-05';

SELECT date_trunc('day', clicked_at) AS d, count(*) FROM clicks WHERE clicked_at::date = '2022-01-15' GROUP BY 1;

SET DateStyle = 'SQL, DMY';

SELECT id FROM companies WHERE created_at < '05/03/2020';

SELECT id FROM companies WHERE created_at::text LIKE '%/2020%';

SELECT company_id, id FROM campaigns WHERE start_date::text = '05/03/2021';

SELECT company_id, id FROM campaigns WHERE to_char(start_date, 'DD/MM') = '05/03';

SET DateStyle = 'Postgres, MDY';

SELECT id FROM companies WHERE updated_at::text LIKE '%Mar%';

SELECT company_id, id FROM campaigns WHERE start_date = '03-05-2021';

RESET DateStyle;

RESET TimeZone;

SET IntervalStyle = 'postgres_verbose';

SELECT event_key, seq FROM events WHERE duration::text LIKE '@ 1 day%';

SELECT event_key, seq FROM events WHERE duration = '@ 21 days 42 hours';

RESET IntervalStyle;

SET extra_float_digits = 0;

SELECT company_id, id FROM ads WHERE score = 1.9714285714285713;

SELECT company_id, id FROM ads WHERE score < 1.9714285714285713 AND company_id < 3;

SELECT company_id, id FROM ads WHERE score::text = '1.97142857142857';

SELECT event_key, seq FROM events WHERE weight * 1.1 > 4.0;

RESET extra_float_digits;

SET standard_conforming_strings = off;

SELECT event_key, seq FROM events WHERE note = 'back\\slash';

SELECT event_key, seq FROM events WHERE note = E'back\\slash';

RESET standard_conforming_strings;

SET bytea_output = 'escape';

SELECT event_key, seq, payload FROM events WHERE payload = '\x' OR seq IN (2, 3);

SELECT event_key, seq FROM events WHERE payload::text LIKE '%\\000\\\\%' AND seq < 30;

RESET bytea_output;
