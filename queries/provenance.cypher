// name: provenance
// description: Where a task, a target, or the citations of a legal document come from: the plan document, line, character offsets and quoted text.
// param: id string A task id, target id or legal document id, e.g. "107/2020/NĐ-CP"
// example: plankg cypher provenance -p id "107/2020/NĐ-CP"
MATCH (n)
WHERE (n:Task OR n:Target) AND n.id = $id
RETURN CASE WHEN n:Task THEN 'task' ELSE 'target' END AS kind, n.source_document AS document,
       n.source_line AS line, n.source_start AS start, n.source_end AS `end`, n.quote AS quote
UNION ALL
MATCH (:Document)-[c:CITES]->(:LegalDocument {id: $id})
RETURN 'citation' AS kind, c.source_document AS document, c.source_line AS line,
       c.source_start AS start, c.source_end AS `end`, c.quote AS quote
