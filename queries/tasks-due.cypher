// name: tasks-due
// description: Tasks whose deadline ends on or before as_of; status overdue (end before as_of) or due (end on as_of).
// param: as_of date Day, ISO YYYY-MM-DD
// example: plankg cypher tasks-due -p as_of 2021-12-31
MATCH (t:Task)
WHERE t.deadline_end IS NOT NULL AND t.deadline_end <= $as_of
RETURN t.id AS task, t.document AS plan, t.deadline_end AS deadline_end,
       CASE WHEN t.deadline_end < $as_of THEN 'overdue' ELSE 'due' END AS status
ORDER BY deadline_end, plan, task
