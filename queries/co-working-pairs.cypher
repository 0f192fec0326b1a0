// name: co-working-pairs
// description: Agency pairs where one leads and the other cooperates on the same task, strongest first.
// param: province string optional Only tasks of this province, e.g. "Thanh Hóa"
// example: plankg cypher co-working-pairs -p province "Thanh Hóa"
MATCH (l)-[:LEADS]->(t:Task)<-[:COOPERATES_ON]-(c)
WHERE (l:Agency OR l:AgencyGroup) AND (c:Agency OR c:AgencyGroup) AND l <> c
  AND ($province = '' OR t.province = $province)
WITH l.id AS lead_agency, c.id AS cooperating_agency, count(DISTINCT t) AS tasks
RETURN lead_agency, cooperating_agency, tasks
ORDER BY tasks DESC, lead_agency, cooperating_agency
