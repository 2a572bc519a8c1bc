CREATE VIEW doc_stats AS
SELECT d.ws_id, count(*) AS docs, sum(d.words) AS words
FROM docs d GROUP BY d.ws_id;
