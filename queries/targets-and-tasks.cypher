// name: targets-and-tasks
// description: Targets and the tasks that serve them (task empty when none).
// param: province string optional Province name, e.g. "Thanh Hóa"
// example: plankg cypher targets-and-tasks -p province "Hà Tĩnh"
MATCH (g:Target)
WHERE $province = '' OR g.province = $province
OPTIONAL MATCH (t:Task)-[:SERVES]->(g)
RETURN DISTINCT g.id AS target, g.text AS target_text, g.value AS value, coalesce(g.unit, '') AS unit,
       coalesce(t.id, '') AS task
ORDER BY target, task
