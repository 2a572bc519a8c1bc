-- Schema plain: local tables never distributed, shared by both sides.
CREATE TABLE campaigns (
    site_id bigint,
    name text NOT NULL,
    starts timestamptz NOT NULL,
    ends timestamptz
);
INSERT INTO campaigns
SELECT CASE WHEN i % 8 = 0 THEN NULL ELSE 1 + (i * 5) % 42 END, 'campaign ' || i,
       timestamptz '2024-03-08 00:00+00' + i * interval '1 day 3 hours',
       CASE WHEN i % 5 = 0 THEN NULL ELSE timestamptz '2024-03-08 00:00+00' + i * interval '1 day 3 hours' + interval '4 days' END
FROM generate_series(1, 20) i;
CREATE TABLE holidays (
    day date PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO holidays VALUES ('2024-03-17', 'st patrick'), ('2024-03-29', 'good friday'),
    ('2024-03-31', 'easter'), ('2024-04-01', 'easter monday'), ('2024-11-03', 'fall back');
