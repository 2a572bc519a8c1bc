-- Schema plain: local tables never distributed, shared by both sides.
CREATE TABLE fx_rates (
    currency char(3),
    rate numeric(10, 4),
    valid_from date
);
INSERT INTO fx_rates VALUES
    ('USD', 1, '2024-01-01'), ('EUR', 1.08, '2024-01-01'), ('GBP', 1.27, '2024-01-01'),
    ('JPY', 0.0067, '2024-01-01'), ('EUR', 1.10, '2024-06-01'), (NULL, NULL, NULL);
