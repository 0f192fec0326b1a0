// name: provinces-under-document
// description: Provinces whose plans have tasks depending directly on a legal document, with the task count per plan.
// param: document string Legal document id, e.g. "107/2020/NĐ-CP"
// example: plankg cypher provinces-under-document -p document "107/2020/NĐ-CP"
MATCH (t:Task)-[:DEPENDS_ON]->(:LegalDocument {id: $document})
WITH coalesce(t.province, '') AS province, t.document AS plan, count(DISTINCT t) AS tasks
RETURN province, plan, tasks
ORDER BY tasks DESC, province, plan
