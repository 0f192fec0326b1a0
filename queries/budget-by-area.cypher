// name: budget-by-area
// description: Sum of task budgets (VND) per reform area, with the number of tasks that have a budget; largest first.
// example: plankg cypher budget-by-area
MATCH (t:Task)-[:IN_AREA]->(a:ReformArea)
WHERE t.budget_vnd IS NOT NULL
WITH a.id AS area, toInteger(sum(t.budget_vnd)) AS budget_vnd, count(DISTINCT t) AS tasks
RETURN area, budget_vnd, tasks
ORDER BY budget_vnd DESC, area
