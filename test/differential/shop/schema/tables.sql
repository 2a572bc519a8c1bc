-- The shop suite's tables: a multi-tenant e-commerce platform. Run once per schema with
-- search_path set to it (local, dist, ...); dist's tables are then distributed by distribute.sql.
-- Colocation group "store" (bigint store_id): stores, customers, products, orders, order_items,
-- payments, inventory_events. carts is distributed by a uuid, coupons by a text key, each in its
-- own colocation group. currencies, countries and categories (self-referencing parent) are
-- reference tables. plain.store_notes (plain.sql) is a local table.

-- case-insensitive comparisons of coupon codes
CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded');

CREATE TABLE currencies (
    code char(3) PRIMARY KEY,
    name text NOT NULL,
    decimals smallint NOT NULL,
    usd_rate numeric(12, 6)
);

CREATE TABLE countries (
    code char(2) PRIMARY KEY,
    name text NOT NULL,
    region text,
    currency char(3) REFERENCES currencies (code),
    vat_rate numeric(5, 4)
);

CREATE TABLE categories (
    category_id int PRIMARY KEY,
    parent_id int REFERENCES categories (category_id),
    name text NOT NULL,
    slug text NOT NULL,
    sort_order int
);

CREATE TABLE stores (
    store_id bigint PRIMARY KEY,
    name text NOT NULL,
    country char(2),
    currency char(3) NOT NULL,
    plan text,
    created_at timestamptz NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    settings jsonb,
    tags text[]
);

CREATE TABLE customers (
    store_id bigint NOT NULL,
    customer_id bigint NOT NULL,
    email text,
    full_name text NOT NULL,
    country char(2),
    tier text,
    created_at timestamptz NOT NULL,
    marketing_opt_in boolean,
    lifetime_value numeric(12, 2),
    PRIMARY KEY (store_id, customer_id)
);

CREATE TABLE products (
    store_id bigint NOT NULL,
    product_id bigint NOT NULL,
    sku text NOT NULL,
    name text NOT NULL,
    category_id int,
    price numeric(10, 2) NOT NULL,
    cost numeric(10, 2),
    weight_g int,
    rating double precision,
    attrs jsonb,
    tags text[],
    active boolean NOT NULL DEFAULT true,
    PRIMARY KEY (store_id, product_id)
);

CREATE TABLE orders (
    store_id bigint NOT NULL,
    order_id bigint NOT NULL,
    customer_id bigint,
    status order_status NOT NULL,
    currency char(3) NOT NULL,
    placed_at timestamptz NOT NULL,
    shipped_at timestamptz,
    total numeric(12, 2) NOT NULL,
    discount numeric(10, 2),
    coupon_code text,
    ship_country char(2),
    meta jsonb,
    PRIMARY KEY (store_id, order_id)
);

CREATE TABLE order_items (
    store_id bigint NOT NULL,
    order_id bigint NOT NULL,
    line_no int NOT NULL,
    product_id bigint,
    qty int NOT NULL,
    unit_price numeric(10, 2) NOT NULL,
    discount_pct numeric(5, 2),
    PRIMARY KEY (store_id, order_id, line_no)
);

CREATE TABLE payments (
    store_id bigint NOT NULL,
    payment_id bigint NOT NULL,
    order_id bigint NOT NULL,
    method text NOT NULL,
    amount numeric(12, 2) NOT NULL,
    status text NOT NULL,
    paid_at timestamptz,
    provider_ref text,
    PRIMARY KEY (store_id, payment_id)
);

-- no key: exact duplicate rows on purpose
CREATE TABLE inventory_events (
    store_id bigint NOT NULL,
    product_id bigint NOT NULL,
    at timestamptz NOT NULL,
    delta int NOT NULL,
    reason text
);

CREATE TABLE carts (
    cart_id uuid PRIMARY KEY,
    store_id bigint NOT NULL,
    customer_id bigint,
    created_at timestamptz NOT NULL,
    items jsonb,
    abandoned boolean
);

CREATE TABLE coupons (
    code text PRIMARY KEY,
    store_id bigint,
    percent_off numeric(5, 2),
    amount_off numeric(10, 2),
    valid_from date,
    valid_until date,
    max_uses int
);

-- colocated with coupons (text key); codes as customers typed them, in any case
CREATE TABLE coupon_redemptions (
    code text NOT NULL,
    store_id bigint NOT NULL,
    order_id bigint,
    redeemed_at timestamptz NOT NULL
);

-- row-level security: other authors' private notes are hidden (from roles that are subject to
-- policies, such as shop_reader, see plain.sql)
CREATE TABLE staff_notes (
    store_id bigint NOT NULL,
    note_id int NOT NULL,
    author text NOT NULL,
    visibility text NOT NULL,
    body text,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (store_id, note_id)
);
ALTER TABLE staff_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY staff_notes_visible ON staff_notes FOR SELECT
    USING (visibility = 'public' OR author = current_user);

GRANT USAGE ON SCHEMA :s TO shop_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA :s TO shop_reader;
