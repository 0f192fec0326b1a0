// name: agency-load
// description: Lead vs cooperating task counts per agency, weighted 1 : 0.5, heaviest first.
// param: province string optional Province name, e.g. "Thanh Hóa"
// example: plankg cypher agency-load -p province "Thanh Hóa"
MATCH (a)-[r:LEADS|COOPERATES_ON]->(:Task)
WHERE (a:Agency OR a:AgencyGroup) AND ($province = '' OR a.province = $province)
WITH a, count(CASE WHEN type(r) = 'LEADS' THEN 1 END) AS lead,
     count(CASE WHEN type(r) = 'COOPERATES_ON' THEN 1 END) AS cooperate
RETURN a.id AS agency, a.name AS agency_name, coalesce(a.province, '') AS province,
       lead, cooperate, lead + 0.5 * cooperate AS weighted
ORDER BY weighted DESC, lead DESC, agency_name, agency
