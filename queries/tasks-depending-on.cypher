// name: tasks-depending-on
// description: Tasks that depend on a legal document directly (hops 0) or through one amendment, replacement, guidance, implementation or based-on step (hops 1, via = the document the task cites); shortest path only.
// param: document string Legal document id, e.g. "130/2005/NĐ-CP"
// example: plankg cypher tasks-depending-on -p document "130/2005/NĐ-CP"
MATCH (t:Task)-[:DEPENDS_ON]->(y:LegalDocument)
WHERE y.id = $document
   OR (y)-[:AMENDS]-(:LegalDocument {id: $document})
   OR (y)-[:REPLACES|GUIDES|IMPLEMENTS|BASED_ON]->(:LegalDocument {id: $document})
WITH t, y, CASE WHEN y.id = $document THEN 0 ELSE 1 END AS hops
WITH t, min(hops) AS best, collect({via: y.id, hops: hops}) AS candidates
UNWIND candidates AS c
WITH t, best, c
WHERE c.hops = best
RETURN DISTINCT t.id AS task, t.document AS plan, coalesce(t.province, '') AS province, c.via AS via, best AS hops
ORDER BY hops, task, via
