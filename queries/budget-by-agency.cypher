// name: budget-by-agency
// description: Sum of task budgets (VND) of the tasks each agency leads, with the number of those tasks that have a budget; largest first.
// example: plankg cypher budget-by-agency
MATCH (a)-[:LEADS]->(t:Task)
WHERE (a:Agency OR a:AgencyGroup) AND t.budget_vnd IS NOT NULL
WITH a, toInteger(sum(t.budget_vnd)) AS budget_vnd, count(DISTINCT t) AS tasks
RETURN a.id AS agency, a.name AS agency_name, budget_vnd, tasks
ORDER BY budget_vnd DESC, agency
