-- Single-shard tables with tables of another group and with a hash-distributed table: computed
-- on the coordinator.
SELECT a.action, count(*) FROM audit a JOIN workspaces w ON w.ws_id = a.ws_id GROUP BY a.action;
SELECT w.ws_id, sum(a.n) FROM workspaces w LEFT JOIN audit a ON a.ws_id = w.ws_id GROUP BY 1;
SELECT d.ws_id, sum(v.seconds) FROM docs d JOIN views_log v ON v.doc_id = d.doc_id GROUP BY 1;
SELECT doc_id FROM docs WHERE doc_id IN (SELECT doc_id FROM views_log WHERE seconds > 295);
SELECT v.viewer, count(*) FROM views_log v JOIN members m ON m.member_id = v.viewer WHERE m.role_id = 2 GROUP BY 1;
-- ordered
SELECT a.audit_id, w.name FROM audit a JOIN workspaces w USING (ws_id) ORDER BY a.audit_id LIMIT 5;
SELECT count(*) FROM audit a WHERE a.ws_id IN (SELECT ws_id FROM docs WHERE words > 450);
