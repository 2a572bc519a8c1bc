-- jsonb lookups as the ORMs emit them (Django JSONField key transforms, Rails store_accessor).

-- payload__source='web'
SELECT "activity_events"."id" FROM "activity_events" WHERE ("activity_events"."account_id" = 1 AND ("activity_events"."payload" -> 'source') = '"web"'::jsonb);
SELECT COUNT(*) AS "__count" FROM "activity_events" WHERE ("activity_events"."payload" -> 'source') = '"web"'::jsonb;
-- payload__has_key='changes', has_keys, has_any_keys
SELECT "activity_events"."id" FROM "activity_events" WHERE ("activity_events"."account_id" = 2 AND "activity_events"."payload" ? 'changes');
SELECT COUNT(*) FROM "activity_events" WHERE "activity_events"."payload" ?& ARRAY['from', 'to'];
SELECT COUNT(*) FROM "activity_events" WHERE "activity_events"."payload" ?| ARRAY['ip', 'mentions'];
-- payload__contains
SELECT "activity_events"."id" FROM "activity_events" WHERE ("activity_events"."account_id" = 1 AND "activity_events"."payload" @> '{"to": "done"}'::jsonb);
SELECT COUNT(*) FROM "activity_events" WHERE "activity_events"."payload" @> '{"tags": ["bug"]}'::jsonb;
SELECT COUNT(*) FROM "activity_events" WHERE '{"mfa": true, "ip": "10.0.4.4"}'::jsonb <@ "activity_events"."payload";
-- nested key transforms: custom_fields__customer__tier='gold'
SELECT "tasks"."id" FROM "tasks" WHERE ("tasks"."account_id" = 3 AND ("tasks"."custom_fields" #> '{customer,tier}') = '"gold"'::jsonb);
SELECT "tasks"."id", ("tasks"."custom_fields" -> 'customer' ->> 'id') AS "cid" FROM "tasks" WHERE "tasks"."custom_fields" -> 'customer' ->> 'tier' = 'silver' AND "tasks"."account_id" IN (1, 2);
-- KeyTextTransform with a cast, ordering by a json key
-- ordered
SELECT "tasks"."id", (("tasks"."custom_fields" ->> 'points'))::integer AS "points" FROM "tasks" WHERE ("tasks"."account_id" = 1 AND "tasks"."custom_fields" ? 'points') ORDER BY (("tasks"."custom_fields" ->> 'points'))::integer DESC NULLS LAST, "tasks"."id" ASC LIMIT 21;
SELECT SUM((("tasks"."custom_fields" ->> 'points'))::integer) AS "points" FROM "tasks";
SELECT "tasks"."account_id", SUM((("tasks"."custom_fields" ->> 'points'))::integer) AS "points" FROM "tasks" GROUP BY "tasks"."account_id";
-- key__isnull (missing key) vs JSON null
SELECT COUNT(*) FROM "tasks" WHERE NOT ("tasks"."custom_fields" ? 'severity');
SELECT COUNT(*) FROM "tasks" WHERE ("tasks"."custom_fields" -> 'severity') = 'null'::jsonb;
SELECT COUNT(*) FROM "tasks" WHERE "tasks"."custom_fields" = '{}'::jsonb;
-- group by a key
SELECT ("activity_events"."payload" ->> 'source') AS "source", COUNT(*) AS "n" FROM "activity_events" GROUP BY 1;
SELECT "activity_events"."verb", jsonb_typeof("activity_events"."payload") AS "t", COUNT(*) FROM "activity_events" GROUP BY 1, 2;
-- array element
SELECT "activity_events"."id", ("activity_events"."payload" -> 'changes' -> 'priority' -> 0) AS "old" FROM "activity_events" WHERE "activity_events"."account_id" = 4 AND "activity_events"."payload" ? 'changes';
SELECT COUNT(*) FROM "activity_events" WHERE jsonb_array_length("activity_events"."payload" -> 'mentions') > 0;
-- the account settings (Rails store)
SELECT "accounts"."id", "accounts"."settings" ->> 'theme' AS "theme", ("accounts"."settings" #>> '{notifications,slack}')::boolean AS "slack" FROM "accounts" WHERE "accounts"."settings" IS NOT NULL;
SELECT "accounts"."id" FROM "accounts" WHERE "accounts"."settings" @> '{"sso": {"provider": "okta"}}';
-- plan features (reference table) joined to accounts
SELECT "accounts"."id", "plans"."code" FROM "accounts" INNER JOIN "plans" ON ("accounts"."plan_id" = "plans"."id") WHERE ("plans"."features" -> 'sso') = 'true'::jsonb;
-- jsonb built in the select list (DRF-style serialisers done in SQL)
SELECT "tasks"."id", jsonb_build_object('id', "tasks"."id", 'title', "tasks"."title", 'tags', "tasks"."tags") AS "obj" FROM "tasks" WHERE "tasks"."account_id" = 8;
SELECT "projects"."id", (SELECT jsonb_agg(jsonb_build_object('id', U0."id", 'status', U0."status") ORDER BY U0."id") FROM "tasks" U0 WHERE U0."account_id" = "projects"."account_id" AND U0."project_id" = "projects"."id") AS "tasks" FROM "projects" WHERE "projects"."account_id" = 20;
