-- The edges suite's tables: a payments app spanning regions. Run once per schema with
-- search_path set to it (local, dist, ...); dist's tables are then distributed by
-- distribute.sql, except adjustments, distributed here (empty) so that its columns can be
-- dropped and added after distribution on dist while the other schemas get the same columns.
-- Deliberately NOT colocated: orders by customer_id, payments by merchant_id (7 shards),
-- refunds by payment_id, accounts by a text key, devices by a uuid, "Ledger" by "AccountCode"
-- (colocated with accounts); regions and currencies are reference tables.

CREATE DOMAIN positive_amount AS numeric(12, 2) CHECK (VALUE > 0);
CREATE TYPE money_pair AS (amount numeric(12, 2), currency char(3));

CREATE TABLE regions (
    region_id int PRIMARY KEY,
    name text NOT NULL,
    code text,
    parent_id int
);

CREATE TABLE currencies (
    code char(3) PRIMARY KEY,
    name text NOT NULL,
    decimals int NOT NULL
);

CREATE TABLE customers (
    customer_id bigint PRIMARY KEY,
    name text NOT NULL,
    email text,
    region_id int,
    tier text,
    created date NOT NULL
);

CREATE TABLE orders (
    customer_id bigint NOT NULL,
    order_id bigint NOT NULL,
    merchant_id int,
    amount numeric(12, 2),
    currency char(3),
    status text NOT NULL,
    created_at timestamp NOT NULL,
    note text,
    PRIMARY KEY (customer_id, order_id)
);

CREATE TABLE merchants (
    merchant_id int PRIMARY KEY,
    name text NOT NULL,
    region_id int,
    category text,
    fee_pct numeric(5, 3)
);

CREATE TABLE payments (
    merchant_id int NOT NULL,
    payment_id bigint NOT NULL,
    order_id bigint,
    customer_id bigint,
    amount numeric(12, 2) NOT NULL,
    method text,
    status text NOT NULL,
    paid_at timestamp,
    PRIMARY KEY (merchant_id, payment_id)
);

CREATE TABLE refunds (
    payment_id bigint,
    refund_id int NOT NULL,
    amount numeric(12, 2),
    reason text,
    created_at timestamp NOT NULL
);

CREATE TABLE accounts (
    account_code text PRIMARY KEY,
    owner text,
    kind text NOT NULL,
    balance numeric(14, 2),
    opened date
);

CREATE TABLE "Ledger" (
    "AccountCode" text NOT NULL,
    "EntryId" bigint NOT NULL,
    "Amount" numeric(12, 2),
    "Kind" text,
    "postedOn" date
);

CREATE TABLE devices (
    token uuid NOT NULL,
    customer_id bigint,
    platform text,
    last_seen timestamp,
    trusted boolean
);

-- adjustments: attnum gaps (columns dropped before and after distribution), a column added
-- after distribution with a default, a domain and a composite typed column.
CREATE TABLE adjustments (
    adj_id int NOT NULL,
    junk_a text,
    payment_id bigint,
    junk_b int,
    amount positive_amount,
    pair money_pair,
    kind text
);
ALTER TABLE adjustments DROP COLUMN junk_a;
DO $$
BEGIN
    IF current_schema() = 'dist' THEN
        PERFORM run_command_on_workers('DROP SCHEMA IF EXISTS dist CASCADE');
        PERFORM create_distributed_table('adjustments', 'adj_id');
    END IF;
END $$;
ALTER TABLE adjustments DROP COLUMN junk_b;
ALTER TABLE adjustments ADD COLUMN approved boolean NOT NULL DEFAULT true;
ALTER TABLE adjustments ADD COLUMN weight int DEFAULT 3;

-- A case-insensitive collation: 'acc-a' = 'ACC-A' under it, though they hash to different shards.
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
