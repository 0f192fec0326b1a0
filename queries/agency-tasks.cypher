// name: agency-tasks
// description: An agency's tasks (role lead or cooperate) whose deadline interval overlaps [from, to]; a deadline with only an end is the interval [end, end].
// param: agency string Agency id, e.g. "thanh-hoa/so-noi-vu"
// param: from date First day, ISO YYYY-MM-DD
// param: to date Last day, ISO YYYY-MM-DD
// example: plankg cypher agency-tasks -p agency thanh-hoa/so-noi-vu -p from 2021-01-01 -p to 2021-06-30
MATCH (a {id: $agency})-[r:LEADS|COOPERATES_ON]->(t:Task)
WHERE (a:Agency OR a:AgencyGroup) AND t.deadline_end IS NOT NULL
  AND coalesce(t.deadline_start, t.deadline_end) <= $to AND t.deadline_end >= $from
RETURN t.id AS task, CASE type(r) WHEN 'LEADS' THEN 'lead' ELSE 'cooperate' END AS role,
       coalesce(t.deadline_start, t.deadline_end) AS deadline_start, t.deadline_end AS deadline_end, t.text AS text
ORDER BY deadline_end, task, role
