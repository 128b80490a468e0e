/*
 * libgoc — the responsibility query's SQL text: who answers for which
 * task, as common table expressions over the plan's tree.  Pure text, no
 * database access: plan.c, resp.c, report.c and the KPI code put it in
 * their own statements (it sits below all of them).
 */
#include <stdio.h>

#include "internal.h"

int goc__resp_cte(char *buf, size_t size, unsigned int flags)
{
	static const char tree[] =
	    "tree(task_id, src_id, sortkey) AS ("
	    " SELECT t.id, CASE WHEN EXISTS (SELECT 1 FROM task_assignments a"
	    "   WHERE a.task_id = t.id) THEN t.id END, printf('%08d', t.position)"
	    "  FROM tasks t WHERE t.plan = ?1 AND t.parent_id IS NULL"
	    " UNION ALL"
	    " SELECT t.id, CASE WHEN EXISTS (SELECT 1 FROM task_assignments a"
	    "   WHERE a.task_id = t.id) THEN t.id ELSE tree.src_id END,"
	    "  tree.sortkey || '.' || printf('%08d', t.position)"
	    "  FROM tasks t JOIN tree ON t.parent_id = tree.task_id)";
	static const char expand[] =
	    "expanded(task_id, party, role, via, src_id, sortkey) AS ("
	    " SELECT task_id, party, role, NULL, src_id, sortkey FROM own WHERE NOT is_group"
	    " UNION ALL"
	    " SELECT o.task_id, m.unit_code, o.role, o.party, o.src_id, o.sortkey"
	    "  FROM own o JOIN unit_group_members m ON m.group_code = o.party WHERE o.is_group),"
	    " resp(task_id, party, is_group, rank, via, src_id, sortkey) AS ("
	    " SELECT task_id, party, 0, min(CASE role WHEN 'lead' THEN 1 ELSE 2 END),"
	    "  CASE WHEN count(via) < count(*) THEN NULL ELSE min(via) END,"
	    "  min(src_id), min(sortkey) FROM expanded GROUP BY task_id, party)";
	static const char plain[] =
	    "resp(task_id, party, is_group, rank, via, src_id, sortkey) AS ("
	    " SELECT task_id, party, is_group, CASE role WHEN 'lead' THEN 1 ELSE 2 END,"
	    "  NULL, src_id, sortkey FROM own)";
	int n = snprintf(buf, size,
	    "%s, own(task_id, party, is_group, role, src_id, sortkey) AS ("
	    " SELECT tree.task_id, a.party, a.unit_group IS NOT NULL, a.role, a.task_id, tree.sortkey"
	    "  FROM tree JOIN task_assignments a ON a.task_id = %s), %s",
	    tree, (flags & GOC_RESP_INHERIT) ? "tree.src_id" : "tree.task_id",
	    (flags & GOC_RESP_EXPAND) ? expand : plain);
	return n > 0 && (size_t)n < size ? GOC_OK : GOC_ERROR; /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
}

int goc__resp_sql(char *buf, size_t size, unsigned int flags, const char *where,
                  const char *order)
{
	char cte[3072];
	int rc = goc__resp_cte(cte, sizeof cte, flags);
	if (rc != GOC_OK) /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
		return rc;
	int n = snprintf(buf, size,
	    "WITH RECURSIVE %s"
	    " SELECT t.code, r.party, r.is_group, CASE r.rank WHEN 1 THEN 'lead' ELSE 'responsible' END,"
	    "  r.via, CASE WHEN r.src_id = r.task_id THEN NULL ELSE s.code END, r.sortkey, r.task_id"
	    " FROM resp r JOIN tasks t ON t.id = r.task_id JOIN tasks s ON s.id = r.src_id"
	    " WHERE 1%s ORDER BY %s", cte, where, order);
	return n > 0 && (size_t)n < size ? GOC_OK : GOC_ERROR; /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
}
