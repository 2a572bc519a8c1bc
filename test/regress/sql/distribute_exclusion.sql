-- Exclusion constraints on distributed tables: accepted when they compare the distribution
-- column with =, since two rows they could exclude from each other then share a shard, and every
-- shard enforces the constraint on its own rows. Any other exclusion constraint is refused.
ALTER SEQUENCE pg_dist_shardid_seq RESTART 1010000;
\set SHOW_CONTEXT never
-- btree_gist gives int its = in GiST; the extension reaches the workers with the statement
CREATE EXTENSION btree_gist;

-- A booking table: one room cannot be booked twice at the same time within a tenant. Made with
-- its constraint and a row, then distributed (the row moves to its shard).
CREATE TABLE bookings (tenant_id int, room int, during tstzrange, note text,
    EXCLUDE USING gist (tenant_id WITH =, room WITH =, during WITH &&));
INSERT INTO bookings VALUES (1, 1, '[2026-01-01 10:00+00, 2026-01-01 11:00+00)', 'first');
SELECT create_distributed_table('bookings', 'tenant_id', shard_count => 4);
-- the same copy of the rows, as a local table, for comparison
CREATE TABLE local_bookings (LIKE bookings INCLUDING ALL);
INSERT INTO local_bookings SELECT * FROM bookings;

-- overlapping booking of the same room and tenant: refused on both
INSERT INTO bookings VALUES (1, 1, '[2026-01-01 10:30+00, 2026-01-01 11:30+00)', 'overlap');
INSERT INTO local_bookings VALUES (1, 1, '[2026-01-01 10:30+00, 2026-01-01 11:30+00)', 'overlap');
-- another tenant, another room, another time: accepted
INSERT INTO bookings VALUES (2, 1, '[2026-01-01 10:30+00, 2026-01-01 11:30+00)', 'tenant 2'),
    (1, 2, '[2026-01-01 10:30+00, 2026-01-01 11:30+00)', 'room 2'),
    (1, 1, '[2026-01-01 11:00+00, 2026-01-01 12:00+00)', 'later');
INSERT INTO local_bookings VALUES (2, 1, '[2026-01-01 10:30+00, 2026-01-01 11:30+00)', 'tenant 2'),
    (1, 2, '[2026-01-01 10:30+00, 2026-01-01 11:30+00)', 'room 2'),
    (1, 1, '[2026-01-01 11:00+00, 2026-01-01 12:00+00)', 'later');
-- ON CONFLICT DO NOTHING works with exclusion constraints
INSERT INTO bookings VALUES (1, 1, '[2026-01-01 11:30+00, 2026-01-01 12:30+00)', 'skipped'),
    (3, 1, '[2026-01-01 11:30+00, 2026-01-01 12:30+00)', 'tenant 3') ON CONFLICT DO NOTHING;
INSERT INTO local_bookings VALUES (1, 1, '[2026-01-01 11:30+00, 2026-01-01 12:30+00)', 'skipped'),
    (3, 1, '[2026-01-01 11:30+00, 2026-01-01 12:30+00)', 'tenant 3') ON CONFLICT DO NOTHING;
-- ON CONFLICT ON CONSTRAINT naming the exclusion constraint: the shards know it by another
-- name and an inference specification cannot name it, so it is refused, nothing inserted
INSERT INTO bookings VALUES (1, 1, '[2026-01-01 11:45+00, 2026-01-01 12:45+00)', 'named')
    ON CONFLICT ON CONSTRAINT bookings_tenant_id_room_during_excl DO NOTHING;
INSERT INTO bookings SELECT * FROM bookings
    ON CONFLICT ON CONSTRAINT bookings_tenant_id_room_during_excl DO NOTHING;
SELECT count(*) FROM bookings WHERE note = 'named';
-- a multi-shard UPDATE that would make two bookings overlap: refused, nothing changed
UPDATE bookings SET during = '[2026-01-01 10:00+00, 2026-01-01 13:00+00)' WHERE room = 1;
UPDATE local_bookings SET during = '[2026-01-01 10:00+00, 2026-01-01 13:00+00)' WHERE room = 1;
UPDATE bookings SET note = note || '!' WHERE tenant_id IN (1, 2);
UPDATE local_bookings SET note = note || '!' WHERE tenant_id IN (1, 2);
SELECT count(*) AS rows, count(*) FILTER (WHERE d IS NULL) AS only_local,
       count(*) FILTER (WHERE l IS NULL) AS only_distributed
FROM (SELECT * FROM bookings) d FULL JOIN (SELECT * FROM local_bookings) l
    ON (d.tenant_id, d.room, d.during, d.note) = (l.tenant_id, l.room, l.during, l.note);
SELECT tenant_id, room, lower(during), note FROM bookings ORDER BY 1, 2, 3;

-- Every shard has the constraint, under the shard's name, and keeps it through a move, a split
-- and a change of shard count.
SELECT sum(result::int) FROM run_command_on_workers($$SELECT count(*) FROM pg_constraint
    WHERE contype = 'x' AND conname LIKE 'bookings\_tenant\_id\_room\_during\_excl\_1010%'$$);
SELECT shardid AS moved, nodeport AS source_port FROM pg_dist_shard
    JOIN pg_dist_placement USING (shardid) JOIN pg_dist_node USING (groupid)
    WHERE logicalrelid = 'bookings'::regclass ORDER BY shardid LIMIT 1 \gset
SELECT citus_move_shard_placement(:moved, '127.0.0.1', :source_port, '127.0.0.1',
    (SELECT nodeport FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0
         AND nodeport <> :source_port ORDER BY nodeport LIMIT 1));
SELECT citus_split_shard_by_split_points(:moved, ARRAY['-1800000000'],
    (SELECT array_agg(nodeid ORDER BY nodeid) FROM pg_dist_node WHERE groupid > 0));
SELECT sum(result::int) FROM run_command_on_workers($$SELECT count(*) FROM pg_constraint
    WHERE contype = 'x' AND conname LIKE 'bookings\_tenant\_id\_room\_during\_excl\_1010%'$$);
SELECT alter_distributed_table('bookings', shard_count => 6);
SELECT sum(result::int) FROM run_command_on_workers($$SELECT count(*) FROM pg_constraint
    WHERE contype = 'x' AND conname LIKE 'bookings\_tenant\_id\_room\_during\_excl\_1010%'$$);
INSERT INTO bookings VALUES (2, 1, '[2026-01-01 11:00+00, 2026-01-01 11:15+00)', 'overlap');
SELECT count(*) FROM bookings;

-- Redistributing by a column the constraint compares with = keeps it; by a column it does
-- not (here the range) is refused, and the table stays as it was
SELECT alter_distributed_table('bookings', distribution_column => 'during');
SELECT distribution_column FROM citus_tables WHERE table_name = 'bookings'::regclass;
SELECT alter_distributed_table('bookings', distribution_column => 'room');
SELECT alter_distributed_table('bookings', distribution_column => 'tenant_id');
SELECT distribution_column, shard_count FROM citus_tables
    WHERE table_name = 'bookings'::regclass;

-- ALTER TABLE ADD CONSTRAINT comparing the distribution column with =: on every shard
ALTER TABLE bookings ADD CONSTRAINT one_note_per_tenant EXCLUDE USING btree
    (tenant_id WITH =, note WITH =);
INSERT INTO bookings VALUES (3, 9, '[2027-01-01 00:00+00, 2027-01-02 00:00+00)', 'tenant 3');
ALTER TABLE bookings DROP CONSTRAINT one_note_per_tenant;
INSERT INTO bookings VALUES (3, 9, '[2027-01-01 00:00+00, 2027-01-02 00:00+00)', 'tenant 3');
-- the rows in the shards break it now: the shard that holds them fails to build it, and the
-- statement changes nothing anywhere
ALTER TABLE bookings ADD CONSTRAINT one_note_per_tenant EXCLUDE USING btree
    (tenant_id WITH =, note WITH =);
SELECT count(*) FROM pg_constraint WHERE conname = 'one_note_per_tenant';
SELECT sum(result::int) FROM run_command_on_workers($$SELECT count(*) FROM pg_constraint
    WHERE conname LIKE 'one\_note\_per\_tenant%'$$);
-- without the distribution column, or comparing it with another operator: refused, and the
-- table and its shards are unchanged
ALTER TABLE bookings ADD CONSTRAINT room_overlap EXCLUDE USING gist
    (room WITH =, during WITH &&);
ALTER TABLE bookings ADD CONSTRAINT other_tenants EXCLUDE USING gist
    (tenant_id WITH <>, during WITH &&);
SELECT count(*) FROM pg_constraint WHERE conrelid = 'bookings'::regclass AND contype = 'x';
SELECT sum(result::int) FROM run_command_on_workers($$SELECT count(*) FROM pg_constraint
    WHERE conname LIKE 'room\_overlap%' OR conname LIKE 'other\_tenants%'$$);

-- create_distributed_table refuses a table whose exclusion constraint could span shards, and
-- leaves it local
CREATE TABLE rooms (tenant_id int, room int, during tstzrange,
    EXCLUDE USING gist (room WITH =, during WITH &&));
SELECT create_distributed_table('rooms', 'tenant_id');
SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'rooms'::regclass;
-- the same constraint is fine on a reference table: it has all rows in every copy
SELECT create_reference_table('rooms');
INSERT INTO rooms VALUES (1, 5, '[2026-01-01 10:00+00, 2026-01-01 11:00+00)');
INSERT INTO rooms VALUES (2, 5, '[2026-01-01 10:30+00, 2026-01-01 11:30+00)');

-- varchar distribution column (hashed with text's operator class) and a domain over int
CREATE DOMAIN tenant_no AS int CHECK (VALUE > 0);
CREATE TABLE codes (tenant tenant_no, code varchar(10), used_for int4range,
    EXCLUDE USING gist (tenant WITH =, code WITH =, used_for WITH &&));
SELECT create_distributed_table('codes', 'tenant');
INSERT INTO codes VALUES (1, 'a', '[1, 10)'), (1, 'a', '[10, 20)'), (2, 'a', '[5, 15)');
INSERT INTO codes VALUES (1, 'a', '[5, 6)');
CREATE TABLE labels (code varchar(10), label text, EXCLUDE USING btree (code WITH =));
SELECT create_distributed_table('labels', 'code');
INSERT INTO labels VALUES ('x', 'one'), ('y', 'two');
INSERT INTO labels VALUES ('x', 'three');
SELECT * FROM labels ORDER BY code;

DROP TABLE bookings, local_bookings, rooms, codes, labels;
DROP DOMAIN tenant_no;
DROP EXTENSION btree_gist;
