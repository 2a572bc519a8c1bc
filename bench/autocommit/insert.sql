\set tenant random(1, 100)
INSERT INTO events (tenant, v) VALUES (:tenant, :client_id);
