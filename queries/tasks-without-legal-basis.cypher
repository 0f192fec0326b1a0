// name: tasks-without-legal-basis
// description: Tasks that depend on no legal document.
// example: plankg cypher tasks-without-legal-basis
MATCH (t:Task)
WHERE NOT (t)-[:DEPENDS_ON]->(:LegalDocument)
RETURN t.id AS task, t.document AS plan, coalesce(t.province, '') AS province, coalesce(t.area, '') AS area
ORDER BY plan, task
