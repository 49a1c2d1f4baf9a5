"""The submission contract (docs/SUBMISSIONS.md sections 2, 4 and 5), restated on purpose:
the sample data and what is expected of it must not come from the code under test."""

from __future__ import annotations

import datetime as dt

CARRIER, INCUBATED, MENTOR, HIGHTECH, TECHSME, ACTIVITY = (
    "孵化载体",
    "孵化企业",
    "创业导师",
    "高新技术企业",
    "科技型中小企业",
    "双创活动",
)
SERVICES = ("政策咨询", "创业辅导", "财务代理", "项目申报", "知识产权管理", "法律服务", "金融服务")
FULL_SERVICE = frozenset(SERVICES[:5])
LEGAL_FINANCE = frozenset(("法律服务", "金融服务"))

# Section 2: the columns of each sheet type in the contract's order, required ones apart.
COLUMNS: dict[str, tuple[str, ...]] = {
    CARRIER: (
        "载体名称",
        "载体类型",
        "认定级别",
        "所属单位",
        "运营主体统一社会信用代码",
        "成立日期",
        "运营状态",
        "示范基地",
        "从业人员数",
        "接受专业培训人数",
        "持创业导师证书人数",
        *SERVICES,
    ),
    INCUBATED: ("名称", "主体类型", "统一社会信用代码", "所在载体", "所属单位", "入孵日期"),
    MENTOR: ("姓名", "证书编号", "所在载体", "所属单位", "聘任日期"),
    HIGHTECH: ("企业名称", "统一社会信用代码", "证书编号", "认定日期", "所属单位"),
    TECHSME: ("企业名称", "统一社会信用代码", "入库登记编号", "入库日期", "所属单位"),
    ACTIVITY: ("活动名称", "活动类别", "活动日期", "所属单位", "所在载体", "参与人次"),
}
REQUIRED: dict[str, frozenset[str]] = {
    CARRIER: frozenset(
        (
            "载体名称",
            "载体类型",
            "所属单位",
            "成立日期",
            "运营状态",
            "从业人员数",
            "接受专业培训人数",
            "持创业导师证书人数",
        )
    ),
    # 统一社会信用代码 too when 主体类型 is 企业.
    INCUBATED: frozenset(("名称", "主体类型", "所属单位", "入孵日期")),
    MENTOR: frozenset(("姓名", "证书编号", "所属单位", "聘任日期")),
    HIGHTECH: frozenset(COLUMNS[HIGHTECH]),
    TECHSME: frozenset(COLUMNS[TECHSME]),
    ACTIVITY: frozenset(("活动名称", "活动类别", "活动日期", "所属单位")),
}
DATE_COLUMN = {
    CARRIER: "成立日期",
    INCUBATED: "入孵日期",
    MENTOR: "聘任日期",
    HIGHTECH: "认定日期",
    TECHSME: "入库日期",
    ACTIVITY: "活动日期",
}
COUNT_COLUMNS = frozenset(("从业人员数", "接受专业培训人数", "持创业导师证书人数", "参与人次"))
STAFF_SHARES = ("接受专业培训人数", "持创业导师证书人数")
CODE_COLUMNS = frozenset(("统一社会信用代码", "运营主体统一社会信用代码"))
YES_NO_COLUMNS = frozenset(("示范基地", *SERVICES))
ALLOWED: dict[str, frozenset[str]] = {
    "载体类型": frozenset(
        ("专业孵化器", "众创空间", "星创天地", "科技企业孵化器", "加速器", "其他")
    ),
    "认定级别": frozenset(("国家级", "自治区级", "市级", "区级", "未认定")),
    "运营状态": frozenset(("运营", "停运", "撤销")),
    "主体类型": frozenset(("企业", "团队")),
    "活动类别": frozenset(("参加创业大赛", "创业沙龙", "创业训练营", "创业培训")),
}
# Section 3 (and README "Decisions"): yes/no spellings, blank = 否.
YES = frozenset(("是", "有", "Y", "YES", "√", "✓", "✔", "TRUE", "1"))
NO = frozenset(("否", "无", "N", "NO", "×", "✗", "✘", "X", "FALSE", "0"))
CONTEST = "参加创业大赛"
TRAININGS = frozenset(("创业沙龙", "创业训练营", "创业培训"))

# Section 4: every issue code with its severity.
SEVERITY = {
    "unreadable_file": "error",
    "no_header": "error",
    "missing_column": "error",
    "unknown_sheet": "warning",
    "unsupported_file": "warning",
    "unknown_column": "warning",
    "missing_value": "error",
    "bad_date": "error",
    "bad_number": "error",
    "bad_bool": "error",
    "bad_enum": "error",
    "unknown_unit": "error",
    "bad_uscc": "error",
    "count_exceeds_staff": "error",
    "bad_certificate": "warning",
    "duplicate": "warning",
    "future_date": "warning",
}

# Section 5 and rules/plan.toml: the window and the 12 targets (id: target, kind, name).
WINDOW_START = dt.date(2023, 1, 1)
WINDOW_END = dt.date(2025, 12, 31)
AT_RISK_BELOW = 0.8
TARGETS: dict[str, tuple[float, str, str]] = {
    "carriers_total": (6, "stock", "新型孵化载体数量"),
    "staff_trained_ratio": (0.5, "ratio", "载体从业人员接受专业培训比例"),
    "staff_mentor_certified_ratio": (0.4, "ratio", "载体从业人员持创业导师证书比例"),
    "carriers_full_service_ratio": (0.5, "ratio", "提供精准化创业服务的载体比例"),
    "carriers_legal_finance_ratio": (0.5, "ratio", "具备法律、金融服务功能的载体比例"),
    "incubated_new": (100, "cumulative", "累计新增孵化企业和创业团队"),
    "mentors_new": (10, "cumulative", "累计新增创业导师"),
    "hightech_recognized": (10, "cumulative", "累计认定高新技术企业"),
    "tech_sme_registered": (15, "cumulative", "累计科技型中小企业"),
    "contest_participations": (15, "cumulative", "组织参加创业大赛场(次)"),
    "training_events": (20, "cumulative", "举办创业沙龙、训练营及创业培训场(次)"),
    "demo_bases": (1, "range", "创新创业示范基地"),
}
FLOW_INDICATOR = {
    INCUBATED: "incubated_new",
    MENTOR: "mentors_new",
    HIGHTECH: "hightech_recognized",
    TECHSME: "tech_sme_registered",
}
