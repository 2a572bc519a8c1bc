-- Views, created after distribution (search_path = the side's schema). revenue0 is Q15's view
-- (revenue per supplier over one quarter of 1996).
CREATE VIEW revenue0 (supplier_no, total_revenue) AS
    SELECT l_suppkey, sum(l_extendedprice * (1 - l_discount))
    FROM lineitem
    WHERE l_shipdate >= date '1996-01-01' AND l_shipdate < date '1996-01-01' + interval '3 month'
    GROUP BY l_suppkey;
