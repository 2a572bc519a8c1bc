-- jsonb paths, ->>, @>, jsonb_array_elements, LATERAL unnest, arrays, inet.

SELECT payload ->> 'ref' AS ref, count(*) FROM events GROUP BY 1;

SELECT payload -> 'ab' ->> 'variant' AS variant, event_type, count(*) FROM events GROUP BY 1, 2;

SELECT payload #>> '{ab,variant}' AS v, count(*), sum(amount) FROM events WHERE site_id = 1 GROUP BY 1;

SELECT (payload ->> 'score')::int AS score, count(*) FROM events GROUP BY 1;

SELECT site_id, avg((payload ->> 'score')::int)::numeric(10, 4) FROM events GROUP BY site_id;

SELECT count(*) FROM events WHERE payload @> '{"ab": {"variant": "B"}}';

SELECT count(*) FROM events WHERE payload ? 'ref' AND payload ->> 'ref' IS NULL;

SELECT count(*) FROM events WHERE payload ?| ARRAY['missing', 'score'];

SELECT count(*) FROM events WHERE payload @? '$.items[*] ? (@ > 4)';

SELECT jsonb_path_query_first(payload, '$.items[1]') AS second, count(*) FROM events GROUP BY 1;

SELECT count(*) FROM events WHERE jsonb_path_exists(payload, '$.score ? (@ >= 9)');

SELECT x.item, count(*) FROM events, jsonb_array_elements(payload -> 'items') AS x(item) GROUP BY x.item;

SELECT site_id, sum(x::int) FROM events CROSS JOIN LATERAL jsonb_array_elements_text(payload -> 'items') x WHERE site_id < 5 GROUP BY site_id;

SELECT k, count(*) FROM events, jsonb_object_keys(payload) k GROUP BY k;

SELECT key, count(*) FROM events, jsonb_each_text(payload -> 'ab') GROUP BY key;

SELECT jsonb_array_length(payload -> 'items') AS len, count(*) FROM events GROUP BY 1;

SELECT t, count(*), count(DISTINCT site_id) FROM events, unnest(tags) t GROUP BY t;

SELECT site_id, t, count(*) FROM events CROSS JOIN LATERAL unnest(tags) AS t WHERE site_id BETWEEN 1 AND 3 GROUP BY 1, 2;

SELECT t, ord, count(*) FROM events, unnest(tags) WITH ORDINALITY AS u(t, ord) GROUP BY t, ord;

SELECT cardinality(tags) AS c, count(*) FROM events GROUP BY 1;

SELECT count(*) FROM events WHERE tags && ARRAY['t0', 't4'];

SELECT count(*) FROM events WHERE 't2' = ANY (tags);

SELECT array_length(tags, 1), tags[1], count(*) FROM events GROUP BY 1, 2;

SELECT e.site_id, e.event_id, l.v FROM events e LEFT JOIN LATERAL (SELECT v FROM jsonb_array_elements(e.payload -> 'items') v ORDER BY v DESC LIMIT 1) l ON true WHERE e.site_id = 20;

SELECT s.site_id, top.event_id, top.amount FROM sites s CROSS JOIN LATERAL (SELECT event_id, amount FROM events e WHERE e.site_id = s.site_id AND amount IS NOT NULL ORDER BY amount DESC, event_id LIMIT 2) top;

SELECT s.site_id, last.occurred_at FROM sites s LEFT JOIN LATERAL (SELECT occurred_at FROM events e WHERE e.site_id = s.site_id ORDER BY occurred_at DESC, event_id DESC LIMIT 1) last ON true;

SELECT jsonb_build_object('site', site_id, 'types', jsonb_agg(DISTINCT event_type)) FROM events WHERE site_id < 4 GROUP BY site_id;

SELECT payload - 'items' AS p, count(*) FROM events WHERE site_id = 2 GROUP BY 1;

SELECT jsonb_set(payload, '{ab,variant}', '"Z"') ->> 'ab' AS ab, count(*) FROM events WHERE payload IS NOT NULL GROUP BY 1;

SELECT count(*) FROM events WHERE payload ->> 'path' LIKE '/p/1%';

SELECT family(client_ip), masklen(client_ip), count(*) FROM events GROUP BY 1, 2;

SELECT set_masklen(client_ip, 16)::cidr AS net, count(*), count(DISTINCT site_id) FROM events GROUP BY 1;

SELECT count(*) FROM events WHERE client_ip << inet '10.1.0.0/16';

SELECT count(*) FROM events WHERE client_ip <<= '10.2.0.0/16' AND site_id = 1;

SELECT host(client_ip), count(*) FROM events WHERE client_ip >>= '10.3.200.0/24' GROUP BY 1;
