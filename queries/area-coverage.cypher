// name: area-coverage
// description: Number of tasks per province and reform area.
// example: plankg cypher area-coverage
MATCH (t:Task)-[:IN_AREA]->(a:ReformArea)
WITH coalesce(t.province, '') AS province, a.id AS area, count(DISTINCT t) AS tasks
RETURN province, area, tasks
ORDER BY province, area
