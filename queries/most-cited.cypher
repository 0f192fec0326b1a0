// name: most-cited
// description: Legal documents by the number of plan documents citing them, then by the number of tasks depending on them.
// param: province string optional Only citing plans and depending tasks of this province, e.g. "Thanh Hóa"
// example: plankg cypher most-cited -p province "Thanh Hóa"
MATCH (d:LegalDocument)
OPTIONAL MATCH (p:Document)-[:CITES]->(d)
WHERE $province = '' OR p.province = $province
WITH d, count(DISTINCT p) AS citing_documents
OPTIONAL MATCH (t:Task)-[:DEPENDS_ON]->(d)
WHERE $province = '' OR t.province = $province
WITH d, citing_documents, count(DISTINCT t) AS dependent_tasks
WHERE citing_documents > 0 OR dependent_tasks > 0
RETURN d.id AS document, coalesce(d.scope, '') AS scope, citing_documents, dependent_tasks
ORDER BY citing_documents DESC, dependent_tasks DESC, document, scope
