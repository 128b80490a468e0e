/*
 * libgoc — the human labels of the vocabularies, in Chinese and English
 * (goc_label(), goc/common.h): what a page or a report shows for
 * "landed" or "lead".  The text names themselves are in enums.c.
 */
#include <string.h>

#include "internal.h"

struct label {
	const char *value, *zh, *en;
};

static const struct label unit_kind[] = {
	{ "department", "职能部门", "Department" },
	{ "party_office", "区委部门", "Party office" },
	{ "bureau", "管理局", "Bureau" },
	{ NULL, NULL, NULL } };
static const struct label category[] = {
	{ "economic", "经济类", "Economic" },
	{ "scitech", "科技类", "Science & technology" },
	{ "professional", "专业服务类", "Professional services" },
	{ "trade", "贸易类", "Trade" },
	{ "standards", "标准类", "Standards" },
	{ "arbitration", "仲裁类", "Arbitration" },
	{ "finance", "金融类", "Finance" },
	{ "other", "其他", "Other" },
	{ NULL, NULL, NULL } };
static const struct label origin[] = {
	{ "international", "国际", "International" },
	{ "local", "本土", "Local" },
	{ NULL, NULL, NULL } };
static const struct label stage[] = {
	{ "target", "目标", "Target" },
	{ "contacting", "接洽中", "Contacting" },
	{ "negotiating", "洽谈中", "Negotiating" },
	{ "approved", "已批准", "Approved" },
	{ "landed", "已落地", "Landed" },
	{ "operating", "运营中", "Operating" },
	{ "withdrawn", "已退出", "Withdrawn" },
	{ NULL, NULL, NULL } };
static const struct label review_outcome[] = {
	{ "cleared", "通过", "Cleared" },
	{ "flagged", "需关注", "Flagged" },
	{ "rejected", "不予通过", "Rejected" },
	{ NULL, NULL, NULL } };
static const struct label task_level[] = {
	{ "section", "板块", "Section" },
	{ "task", "专项任务", "Task" },
	{ "item", "工作内容", "Work item" },
	{ NULL, NULL, NULL } };
static const struct label task_status[] = {
	{ "not_started", "未启动", "Not started" },
	{ "in_progress", "推进中", "In progress" },
	{ "done", "已完成", "Done" },
	{ "blocked", "受阻", "Blocked" },
	{ "cancelled", "已取消", "Cancelled" },
	{ NULL, NULL, NULL } };
static const struct label recurrence[] = {
	{ "none", "一次性", "Once" },
	{ "annual", "每年", "Every year" },
	{ NULL, NULL, NULL } };
static const struct label role[] = {
	{ "lead", "牵头", "Lead" },
	{ "responsible", "责任", "Responsible" },
	{ NULL, NULL, NULL } };
static const struct label partner_kind[] = {
	{ "multinational", "跨国公司", "Multinational" },
	{ "leading_enterprise", "行业龙头企业", "Leading enterprise" },
	{ "financial", "金融机构", "Financial institution" },
	{ "chamber", "商协会", "Chamber or association" },
	{ "professional_body", "国际性专业机构", "Professional body" },
	{ "other", "其他", "Other" },
	{ NULL, NULL, NULL } };
static const struct label event_kind[] = {
	{ "conference", "会议", "Conference" },
	{ "forum", "论坛", "Forum" },
	{ "promotion", "宣传推介", "Promotion" },
	{ "other", "其他", "Other" },
	{ NULL, NULL, NULL } };
static const struct label request_category[] = {
	{ "registration", "登记设立", "Registration" },
	{ "visa", "出入境", "Visa" },
	{ "talent", "人才", "Talent" },
	{ "office", "办公空间", "Office" },
	{ "tax", "税务", "Tax" },
	{ "other", "其他", "Other" },
	{ NULL, NULL, NULL } };
static const struct label measure[] = {
	{ "orgs_entered", "新增落户组织", "Organizations entered" },
	{ "hq", "区域总部", "Regional headquarters" },
	{ "orgs_listed", "目标组织", "Organizations listed" },
	{ "partners", "合作伙伴", "Partners" },
	{ "experts", "专家", "Experts" },
	{ "events", "活动", "Events" },
	{ "request_days", "诉求办理天数", "Days to resolve requests" },
	{ "request_within", "按期办结诉求", "Requests resolved in time" },
	{ "office_space", "免费办公空间", "Free office space" },
	{ "contact", "专人对接", "Named contact" },
	{ "manual", "人工填报", "Entered by hand" },
	{ NULL, NULL, NULL } };
static const struct label scope[] = {
	{ "plan", "全区", "District" },
	{ "zone", "集聚区", "Zone" },
	{ "unit", "单位", "Unit" },
	{ "zones", "各集聚区合计", "Zones together" },
	{ NULL, NULL, NULL } };
static const struct label window[] = {
	{ "period", "方案期内", "Plan period" },
	{ "annual", "年度", "Annual" },
	{ "cumulative", "累计", "Cumulative" },
	{ NULL, NULL, NULL } };
static const struct label direction[] = {
	{ "higher", "越高越好", "Higher is better" },
	{ "lower", "越低越好", "Lower is better" },
	{ NULL, NULL, NULL } };
static const struct label kpi_status[] = {
	{ "not_started", "未开始", "Not started" },
	{ "on_track", "正常推进", "On track" },
	{ "at_risk", "有风险", "At risk" },
	{ "behind", "滞后", "Behind" },
	{ "met", "已达标", "Met" },
	{ "exceeded", "超额完成", "Exceeded" },
	{ "missed", "未达标", "Missed" },
	{ NULL, NULL, NULL } };
static const struct label score_by[] = {
	{ "plan", "按指标", "By KPI" },
	{ "section", "按板块", "By section" },
	{ "zone", "按集聚区", "By zone" },
	{ "unit", "按单位", "By unit" },
	{ NULL, NULL, NULL } };
static const struct label every[] = {
	{ "month", "按月", "Monthly" },
	{ "quarter", "按季度", "Quarterly" },
	{ NULL, NULL, NULL } };
static const struct label access[] = {
	{ "admin", "管理员", "Administrator" },
	{ "unit", "填报单位", "Reporting unit" },
	{ "viewer", "只读", "Viewer" },
	{ NULL, NULL, NULL } };

static const struct label audit_outcome[] = {
	{ "ok", "已执行", "Done" },
	{ "denied", "已拒绝", "Denied" },
	{ NULL, NULL, NULL } };

static const struct label tristate[] = {
	{ "any", "不限", "Any" },
	{ "yes", "是", "Yes" },
	{ "no", "否", "No" },
	{ NULL, NULL, NULL } };

static const struct label report_cycle[] = {
	{ "monthly", "月报", "Monthly" },
	{ "quarterly", "季报", "Quarterly" },
	{ "half_yearly", "半年报", "Half-yearly" },
	{ "annual", "年报", "Annual" },
	{ NULL, NULL, NULL } };

static const struct label reminder_kind[] = {
	{ "missing", "未报送", "Missing report" },
	{ "late", "迟报", "Late report" },
	{ "overdue", "逾期任务", "Overdue task" },
	{ "kpi", "指标预警", "KPI behind or at risk" },
	{ NULL, NULL, NULL } };

static const struct label review_requests[] = {
	{ "pending", "待审查", "Pending" },
	{ "all", "全部", "All" },
	{ NULL, NULL, NULL } };

/* by kind, sorted (bsearch would do; a scan of 19 is as quick) */
static const struct {
	const char *kind;
	const struct label *labels;
} kinds[] = {
	{ "access", access },
	{ "audit_outcome", audit_outcome },
	{ "category", category },
	{ "direction", direction },
	{ "event_kind", event_kind },
	{ "every", every },
	{ "kpi_status", kpi_status },
	{ "measure", measure },
	{ "origin", origin },
	{ "partner_kind", partner_kind },
	{ "recurrence", recurrence },
	{ "reminder_kind", reminder_kind },
	{ "report_cycle", report_cycle },
	{ "request_category", request_category },
	{ "review_outcome", review_outcome },
	{ "review_requests", review_requests },
	{ "role", role },
	{ "scope", scope },
	{ "score_by", score_by },
	{ "stage", stage },
	{ "task_level", task_level },
	{ "task_status", task_status },
	{ "tristate", tristate },
	{ "unit_kind", unit_kind },
	{ "window", window },
};

GOC_API const char *goc_label(const char *kind, const char *value, const char *lang)
{
	int en;
	if (!kind || !value)
		return NULL;
	if (!lang || strcmp(lang, "zh") == 0)
		en = 0;
	else if (strcmp(lang, "en") == 0)
		en = 1;
	else
		return NULL;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(kinds[i].kind, kind) != 0)
			continue;
		for (const struct label *l = kinds[i].labels; l->value; l++)
			if (strcmp(l->value, value) == 0)
				return en ? l->en : l->zh;
		return NULL;
	}
	return NULL;
}
