/*
 * libgoc — runs a policy action plan: the register of international
 * economic organizations, the plan's tasks and responsible units, and the
 * evaluation of its targets.
 *
 * This is the one header a user includes.  Link with `pkg-config --libs goc`.
 */
#ifndef GOC_H
#define GOC_H

/** @file goc.h
 *  @brief The umbrella header: include this one.
 */

#include "goc/common.h"
#include "goc/db.h"
#include "goc/register.h"
#include "goc/org.h"
#include "goc/plan.h"
#include "goc/report.h"
#include "goc/activity.h"
#include "goc/kpi.h"
#include "goc/audit.h"
#include "goc/user.h"
#include "goc/resolve.h"

#endif /* GOC_H */
