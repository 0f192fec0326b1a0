// name: agency-load-by-quarter
// description: Lead and cooperating task counts per agency and quarter of the task deadline's end (e.g. 2021-Q3); tasks without a dated deadline are left out.
// param: province string optional Province name, e.g. "Thanh Hóa"
// example: plankg cypher agency-load-by-quarter -p province "Thái Bình"
MATCH (a)-[r:LEADS|COOPERATES_ON]->(t:Task)
WHERE (a:Agency OR a:AgencyGroup) AND t.deadline_end IS NOT NULL
  AND ($province = '' OR a.province = $province)
WITH a, r, substring(t.deadline_end, 0, 4) + '-Q' + toString((toInteger(substring(t.deadline_end, 5, 2)) - 1) / 3 + 1) AS quarter
WITH a, quarter, count(CASE WHEN type(r) = 'LEADS' THEN 1 END) AS lead,
     count(CASE WHEN type(r) = 'COOPERATES_ON' THEN 1 END) AS cooperate
RETURN a.id AS agency, a.name AS agency_name, quarter, lead, cooperate
ORDER BY quarter, lead DESC, cooperate DESC, agency
