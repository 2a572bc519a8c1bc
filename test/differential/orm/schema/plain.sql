-- Schema plain: a local table never distributed, shared by both sides.
CREATE TABLE email_blocklist (
    domain varchar(100) PRIMARY KEY,
    reason text
);
INSERT INTO email_blocklist VALUES ('example.com', 'test domain'), ('spam.test', NULL), ('EXAMPLE.COM', 'upper');
