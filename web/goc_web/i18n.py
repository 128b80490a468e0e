"""The pages' own words in Chinese (first) and English.

Only the service's interface text is here: the labels of the library's
vocabularies (stages, roles, statuses, categories …) come from the library
itself (``goc_label()``, ``goc.CEnum.label()``), and its messages come as
it writes them.  The language is Chinese unless the person chose English:
``?lang=en`` (or ``?lang=zh``) sets a cookie that later pages follow.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from flask import Flask, Response, g, request

LANGS = ("zh", "en")
COOKIE = "goc_lang"

#: key -> (Chinese, English)
STRINGS: Dict[str, tuple] = {
    "site": ("浦东国际经济组织集聚区", "Pudong International Organizations"),
    "switch": ("English", "中文"),
    "my_unit": ("我的单位", "My unit"),
    "orgs": ("国际经济组织", "Organizations"),
    "events": ("活动", "Events"),
    "partners": ("合作伙伴", "Partners"),
    "experts": ("专家库", "Experts"),
    "map": ("作战图", "Battle map"),
    "scorecard": ("记分卡", "Scorecard"),
    "admin": ("系统管理", "Administration"),
    "password": ("修改密码", "Change password"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出", "Sign out"),
    "login": ("账号", "Login"),
    "pw": ("密码", "Password"),
    "pw_old": ("当前密码", "Current password"),
    "pw_new": ("新密码", "New password"),
    "pw_new2": ("再次输入新密码", "New password again"),
    "pw_mismatch": ("两次输入的新密码不一致", "The two new passwords differ"),
    "pw_changed": ("密码已修改", "Password changed"),
    "pw_wrong": ("当前密码不正确", "The current password is wrong"),
    "home_link": ("返回我的单位", "Back to my unit"),
    "plan": ("行动方案", "Plan"),
    "as_of": ("截至", "As of"),
    "my_tasks": ("我的任务", "My tasks"),
    "task": ("任务", "Task"),
    "role": ("角色", "Role"),
    "due": ("截止日期", "Due"),
    "status": ("状态", "Status"),
    "overdue": ("逾期", "Overdue"),
    "latest": ("最新进展", "Latest report"),
    "none_yet": ("尚无", "none yet"),
    "missing": ("待报送期次", "Periods to report"),
    "must_report": ("待报送进展", "Reports to file"),
    "period_due": ("本期 %s 的进展截止报送日期为 %s；逾期未报的期次列在下面。",
                   "Reports for %s are due by %s; the periods past their deadline are listed below."),
    "past_deadline": ("截止 %s，已逾期 %d 天", "due %s, %d days overdue"),
    "nothing_due": ("没有待报送的进展。", "Nothing left to report."),
    "submit_report": ("填报进展", "Report progress"),
    "my_reports": ("我的最新报送", "My latest reports"),
    "my_kpis": ("我的指标", "My KPIs"),
    "my_orgs": ("我跟进的组织", "Organizations I follow"),
    "period": ("报送期次", "Period"),
    "date": ("日期", "Date"),
    "percent": ("完成比例（%）", "Percent done"),
    "text": ("进展情况", "Progress"),
    "evidence": ("佐证材料", "Evidence"),
    "submit": ("提交", "Submit"),
    "submitted": ("已提交", "Submitted"),
    "report_saved": ("进展已提交，编号 %s", "Report %s submitted"),
    "kpi": ("指标", "KPI"),
    "member": ("对象", "Member"),
    "actual": ("实际", "Actual"),
    "target": ("目标", "Target"),
    "attainment": ("完成率", "Attainment"),
    "name": ("名称", "Name"),
    "name_zh": ("中文名称", "Chinese name"),
    "name_en": ("英文名称", "English name"),
    "category": ("类别", "Category"),
    "origin": ("来源", "Origin"),
    "zone": ("集聚区", "Zone"),
    "unit": ("单位", "Unit"),
    "stage": ("阶段", "Stage"),
    "stage_date": ("阶段日期", "Since"),
    "hq": ("区域总部", "Regional HQ"),
    "all": ("全部", "All"),
    "mine": ("本单位", "Mine"),
    "filter": ("筛选", "Filter"),
    "new_org": ("登记新组织", "Register an organization"),
    "history": ("阶段历程", "Stage history"),
    "from": ("原阶段", "From"),
    "to": ("新阶段", "To"),
    "note": ("备注", "Note"),
    "reviews": ("风险防范审查", "Risk reviews"),
    "outcome": ("结论", "Outcome"),
    "review_requests": ("审查申请", "Review requests"),
    "waiting": ("待审查", "waiting"),
    "answered": ("已审查", "answered"),
    "change_stage": ("变更阶段", "Change stage"),
    "record_review": ("记录风险审查", "Record a risk review"),
    "request_review": ("申请风险审查", "Request a risk review"),
    "set_hq": ("记录区域总部", "Record regional HQ"),
    "saved": ("已保存", "Saved"),
    "refused": ("未获准", "Refused"),
    "read_only": ("该组织由其他单位跟进，本单位只能查看。",
                  "Another unit follows this organization: yours may only read it."),
    "title": ("标题", "Title"),
    "kind": ("类型", "Kind"),
    "international": ("国际性", "International"),
    "large": ("大型", "Large"),
    "organizers": ("主办单位", "Organizers"),
    "new_event": ("登记活动", "Record an event"),
    "contact": ("联系方式", "Contact"),
    "new_partner": ("登记合作伙伴", "Register a partner"),
    "field": ("领域", "Field"),
    "affiliation": ("所在机构", "Affiliation"),
    "new_expert": ("登记专家", "List an expert"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "by": ("分组", "Group by"),
    "value": ("得分", "Score"),
    "rows": ("指标行数", "KPI rows"),
    "tasks": ("任务数", "Tasks"),
    "leads": ("牵头任务", "Leads"),
    "missing_reports": ("缺报", "Missing reports"),
    "total": ("合计", "Total"),
    "download": ("下载", "Download"),
    "zones_chart": ("各集聚区落户进度", "Zones: organizations against quota"),
    "kpi_grid": ("指标状态", "KPI status"),
    "trend": ("趋势", "Trend"),
    "trend_score": ("综合得分（按季度，截至各季度末）", "Overall score at each quarter end"),
    "matrix": ("单位 × 任务（最新进展状态）", "Units × tasks (latest reported status)"),
    "overdue_list": ("逾期任务", "Overdue tasks"),
    "no_overdue": ("没有逾期任务。", "No task is overdue."),
    "users": ("用户", "Users"),
    "tokens": ("API 令牌", "API tokens"),
    "units_roles": ("单位权限", "Unit roles"),
    "audit": ("审计日志", "Audit trail"),
    "verify": ("校验哈希链", "Verify the hash chain"),
    "verified": ("哈希链完好，共 %s 条记录", "The chain holds: %s records checked"),
    "display_name": ("姓名", "Name"),
    "phone": ("电话", "Phone"),
    "email": ("邮箱", "E-mail"),
    "disabled": ("已停用", "Disabled"),
    "active": ("正常", "Active"),
    "disable": ("停用", "Disable"),
    "enable": ("启用", "Enable"),
    "reset_pw": ("重置密码", "Reset password"),
    "new_user": ("新建用户", "New user"),
    "create": ("创建", "Create"),
    "label": ("用途", "Label"),
    "expires": ("到期日", "Expires"),
    "revoke": ("吊销", "Revoke"),
    "revoked": ("已吊销", "Revoked"),
    "last_used": ("最近使用", "Last used"),
    "created": ("创建时间", "Created"),
    "token_once": ("令牌只显示这一次，请立即复制保存：",
                   "The token is shown this once only; copy it now:"),
    "access": ("权限", "Access"),
    "reviewer": ("风险审查单位", "Reviewing unit"),
    "set": ("设置", "Set"),
    "time": ("时间", "Time"),
    "actor": ("单位", "Unit"),
    "person": ("人员", "Person"),
    "action": ("操作", "Action"),
    "object": ("对象", "Object"),
    "detail": ("说明", "Detail"),
    "ok": ("成功", "ok"),
    "system": ("系统", "system"),
    "denied": ("拒绝", "denied"),
    "more": ("更早的记录", "Older records"),
    "error": ("出错了", "Something went wrong"),
    "no_rows": ("暂无记录。", "Nothing yet."),
    "id": ("编号", "No."),
    "notes": ("备注", "Notes"),
    "csv": ("CSV", "CSV"),
    "xlsx": ("Excel", "Excel"),
    "legend": ("图例", "Legend"),
    "no_report": ("尚无报告", "no report"),
}


def lang() -> str:
    """The language of this request: "zh" or "en"."""
    return g.get("lang", "zh")


def t(key: str, *args: Any) -> str:
    """The page text ``key`` in the request's language (``%s`` filled from args)."""
    pair = STRINGS[key]
    text = pair[1] if lang() == "en" else pair[0]
    return text % args if args else text


def label(value: Any, kind: Optional[str] = None) -> str:
    """The library's label of an enum member (or of ``kind``'s value) in the
    request's language; "" for None."""
    if value is None:
        return ""
    if kind is None:
        return value.label(lang())
    import goc
    return goc.label(kind, str(value), lang()) or str(value)


def init_app(app: Flask) -> None:
    @app.before_request
    def _choose() -> None:
        chosen = request.args.get("lang")
        if chosen in LANGS:
            g.lang = chosen
            g.lang_set = chosen
        else:
            g.lang = request.cookies.get(COOKIE) if request.cookies.get(COOKIE) in LANGS else "zh"
        # the library's messages shown on the pages speak the page's
        # language (this request's thread only: Database.speaking); the
        # API (/api/) answers machines and stays English
        if not request.path.startswith("/api/"):
            from . import store
            speaking = store.database().speaking(g.lang)
            speaking.__enter__()
            g.goc_speaking = speaking

    @app.teardown_request
    def _unspeak(exc: Optional[BaseException]) -> None:
        speaking = g.pop("goc_speaking", None)
        if speaking is not None:
            speaking.__exit__(None, None, None)

    @app.after_request
    def _remember(resp: Response) -> Response:
        chosen = g.get("lang_set")
        if chosen:
            resp.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Strict",
                            httponly=True, secure=app.config.get("SESSION_COOKIE_SECURE", False))
        return resp

    app.jinja_env.globals.update(t=t, lang=lang)
    app.jinja_env.filters["label"] = label
