// name: impact
// description: Tasks affected by a change to a legal document, up to 3 chain steps away: tasks citing it or a document it reaches (amendments both ways; documents replacing, guiding, implementing or based on it), every task of the changed plan itself, and every task of a plan whose own document is based on, implements in its preamble, guides, replaces, amends or is amended by a reached document. via = the cited document or the plan's own number, hops = chain steps (fewest).
// param: document string Legal document id, e.g. "130/2005/NĐ-CP"
// param: scope string optional Province slug of a local document, e.g. "thanh-hoa" (empty: any)
// example: plankg cypher impact -p document "130/2005/NĐ-CP"
//
// The twin of impact.rq (same rule, same rows; see its comments and queries/README.md).
// preambles: the last «Căn cứ» (BASED_ON) line of each stating document; an IMPLEMENTS stated
// within 4 lines after it is a plan's basis, one stated further down is not.
OPTIONAL MATCH ()-[b:BASED_ON]->()
WITH b.source_document AS source, max(b.source_line) AS last
WITH collect({source: source, last: last}) AS preambles
MATCH (x:LegalDocument {id: $document})
WHERE $scope = '' OR coalesce(x.scope, '') = $scope
// reached documents: steps X amends Y, Y amends X, Y replaces / guides / implements / is based on X
MATCH path = (x)-[:AMENDS|REPLACES|GUIDES|IMPLEMENTS|BASED_ON*0..3]-(y:LegalDocument)
WHERE all(i IN range(0, length(path) - 1)
          WHERE type(relationships(path)[i]) = 'AMENDS' OR endNode(relationships(path)[i]) = nodes(path)[i])
WITH preambles, y, min(length(path)) AS d
// plan steps from a plan's own document O to y: O based on / implements (preamble) / guides /
// replaces / amends y, or y amends O
OPTIONAL MATCH (o:LegalDocument)-[s:BASED_ON|IMPLEMENTS|GUIDES|REPLACES|AMENDS]-(y)
WHERE d < 3
  AND (startNode(s) = o OR type(s) = 'AMENDS')
  AND (type(s) <> 'IMPLEMENTS'
       OR any(p IN preambles WHERE p.source = s.source_document AND s.source_line <= p.last + 4))
WITH y, d, collect(DISTINCT o.key) AS stepped
// ways to tasks: those citing a document, or every task of the plan whose own document it is
WITH [{kind: 'cites', key: y.key, hops: d}]
     + CASE WHEN d = 0 THEN [{kind: 'plan', key: y.key, hops: 0}] ELSE [] END
     + [k IN stepped | {kind: 'plan', key: k, hops: d + 1}] AS ways
UNWIND ways AS w
MATCH (n:LegalDocument {key: w.key})
OPTIONAL MATCH (c:Task)-[:DEPENDS_ON]->(n)
WHERE w.kind = 'cites'
OPTIONAL MATCH (p:Document)
WHERE w.kind = 'plan'
  AND ((p)-[:SAME_AS]->(n) OR (p.id = n.id AND n.key = 'legal:' + n.id AND NOT (p)-[:SAME_AS]->()))
OPTIONAL MATCH (m:Task)-[:PART_OF]->(p)
WITH coalesce(c, m) AS t, n.id AS via, w.hops AS hops
WHERE t IS NOT NULL
WITH t, via, min(hops) AS hops
RETURN t.id AS task, t.document AS plan, coalesce(t.province, '') AS province, via, hops
ORDER BY hops, plan, task, via
