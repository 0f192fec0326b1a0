// name: provenance
// description: Where a task, an activity, a product, a target, or the citations of a legal document come from: the plan document, line, character offsets and quoted text.
// param: id string A task, activity, product or target id, or a legal document id, e.g. "107/2020/NĐ-CP"
// example: plankg cypher provenance -p id "107/2020/NĐ-CP"
// One row for the item with that id, and one per plan document citing the legal document (its
// first mention there). Collected, not UNIONed, so the rows can be ordered like provenance.rq's.
OPTIONAL MATCH (n)
WHERE n.id = $id AND (n:Task OR n:Activity OR n:Product OR n:Target)
WITH collect(CASE WHEN n IS NULL THEN null ELSE {
  kind: CASE WHEN n:Task THEN 'task' WHEN n:Activity THEN 'activity' WHEN n:Product THEN 'product' ELSE 'target' END,
  document: n.source_document, line: n.source_line, start: n.source_start, stop: n.source_end, quote: n.quote
} END) AS items
OPTIONAL MATCH (:Document)-[c:CITES]->(:LegalDocument {id: $id})
WITH items, collect(CASE WHEN c IS NULL THEN null ELSE {
  kind: 'citation', document: c.source_document, line: c.source_line, start: c.source_start,
  stop: c.source_end, quote: c.quote
} END) AS citations
UNWIND items + citations AS r
WITH r
WHERE r.document IS NOT NULL AND r.line IS NOT NULL
RETURN r.kind AS kind, r.document AS document, r.line AS line, r.start AS start, r.stop AS `end`, r.quote AS quote
ORDER BY kind, document, start
