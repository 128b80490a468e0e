/*
 * libgoc — asking before writing (goc_db_may(), goc/audit.h): the kind of
 * object an action's writes name, found among the record modules'
 * descriptors, then the write path's own checks (audit.c) without a
 * write.  Above every record module (it names their kinds); nothing
 * calls it.
 */
#include <string.h>

#include "internal.h"
#include "plan_internal.h"
#include "register_internal.h"

/* The kind an action's writes name ("org.set_stage" → the organization's). */
static const struct goc__kind *action_kind(const char *action)
{
	static const struct {
		const char *prefix;
		const struct goc__kind *kind;
	} map[] = {
		{ "demo", &goc__kind_database }, { "event", &goc__kind_event },
		{ "expert", &goc__kind_expert }, { "goal", &goc__kind_plan },
		{ "group", &goc__kind_group },   { "kpi", &goc__kind_kpi },
		{ "org", &goc__kind_org },       { "partner", &goc__kind_partner },
		{ "plan", &goc__kind_plan },     { "reference", &goc__kind_reference },
		{ "report", &goc__kind_report }, { "request", &goc__kind_request },
		{ "task", &goc__kind_task },     { "token", &goc__kind_token },
		{ "unit", &goc__kind_unit },     { "user", &goc__kind_user },
		{ "zone", &goc__kind_zone },
	};
	const char *dot = strchr(action, '.');
	if (!dot || !dot[1])
		return NULL;
	if (strcmp(action, "zone.set_facts") == 0)
		return &goc__kind_zone_facts;
	size_t n = (size_t)(dot - action);
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strlen(map[i].prefix) == n && memcmp(map[i].prefix, action, n) == 0)
			return map[i].kind;
	return NULL;
}

GOC_API int goc_db_may(goc_db *db, const char *action, const char *object_id)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!action)
		return goc__err(db, GOC_EINVAL, "action: must not be NULL");
	const struct goc__kind *kind = action_kind(action);
	if (!kind)
		return goc__err(db, GOC_EINVAL, "action: '%.64s' is not an action of libgoc's"
		                " (\"org.set_stage\", \"event.create\" …)", action);
	return goc__audit_may(db, action, kind, object_id);
}
