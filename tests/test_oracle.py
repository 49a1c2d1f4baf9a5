"""An independent oracle: a realistic two-year data folder whose indicator values are worked
out by hand below, compared with what `sc-cli report --format json` prints.

The folder mixes formats (xlsx, legacy xls, UTF-8-BOM and GB18030 CSV), several units, the
same key reported by two units and again the next year, a late report, rows with errors,
an instructions sheet, a cover letter and an Excel lock file. Every expected number is a
literal, with the rows that make it named in a comment.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import invoke, write_folder
from make_test_data import (
    CARRIER,
    COLUMNS,
    EVENT,
    HIGHTECH,
    INCUBATED,
    MENTOR,
    TECHSME,
    Sheet,
    carrier,
    event,
    hightech,
    incubated,
    mentor,
    table,
    tech_sme,
    uscc,
    write_csv,
    write_xls,
    write_xlsx,
)

# Enterprises (A..F), high-tech (H1..H4) and SMEs (S1..S5) by their codes.
A, B, C, D, E, F = (uscc(n) for n in range(101, 107))
H1, H2, H3, H4 = (uscc(n) for n in range(201, 205))
S1, S2, S3, S4, S5 = (uscc(n) for n in range(301, 306))
NO_FULL = {"财务代理": "否", "项目申报": "否", "知识产权管理": "否"}


def csv_rows(kind: str, rows: list[dict[str, object]]) -> list[list[object]]:
    return [list(COLUMNS[kind]), *([r.get(c) for c in COLUMNS[kind]] for r in rows)]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_oracle_folder(tmp_path_factory.mktemp("oracle"))


def write_oracle_folder(root: Path) -> Path:
    """The oracle's data folder, written under root: the same bytes on every run (the
    golden files of tests/test_golden.py are taken on it too)."""
    write_folder(
        root,
        {
            "2023/盐湖街道2023.xlsx": [
                (
                    CARRIER,
                    [
                        # staff 10, trained 6, mentors 4, all seven services, a demo base
                        carrier(
                            "盐湖众创空间",
                            成立日期="2021-06-01",
                            从业人员数=10,
                            接受专业培训人数=6,
                            持创业导师证书人数=4,
                            示范基地="是",
                        ),
                        # staff 8, trained 2, mentors 2, only 政策咨询 and 创业辅导, no 法律服务
                        carrier(
                            "盐湖星创天地",
                            成立日期="2023-04-01",
                            从业人员数=8,
                            接受专业培训人数=2,
                            持创业导师证书人数=2,
                            法律服务="否",
                            **NO_FULL,
                        ),
                    ],
                ),
                (
                    INCUBATED,
                    [
                        incubated("天山新材料", A, "2023-03-01"),
                        incubated("追光团队", None, "2023-05-10"),
                        incubated("旧企业", B, "2022-12-15"),  # before the window
                    ],
                ),
                (
                    EVENT,
                    [
                        event("2023年创业沙龙", "创业沙龙", "2023-04-01", "盐湖街道"),
                        event("自治区创业大赛", "参加创业大赛", "2023-06-01", "盐湖街道"),
                    ],
                ),
            ],
            "2023/区人社局2023.xlsx": [
                (
                    MENTOR,
                    [
                        mentor("王芳", "CM2023001", "2023-03-01"),
                        mentor("李强", "CM2023002", "2023-09-01"),
                        mentor("赵敏", "CM2023003", "2023-02-30"),  # bad_date
                    ],
                ),
                (
                    EVENT,
                    [
                        event("创业培训第一期", "创业培训", "2023-08-01"),
                        event("创业训练营", "创业训练营", "2023-09-10"),
                        # The 盐湖街道 salon reported again by 区人社局: a duplicate.
                        event("2023年创业沙龙", "创业沙龙", "2023/4/1"),
                    ],
                ),
            ],
        },
    )
    # 东沟乡 sends a UTF-8 CSV with a BOM, typed from its header.
    write_csv(
        root / "2023" / "东沟乡2023.csv",
        csv_rows(
            INCUBATED,
            [
                incubated("天山新材料", A, "2023-03-02", "东沟乡"),  # A again: a duplicate
                incubated("东沟青年团队", None, "2023-07-01", "东沟乡"),
                incubated("错码企业", C[:17] + "I", "2023-07-01", "东沟乡"),  # bad_uscc
            ],
        ),
        encoding="utf-8-sig",
    )
    # 区科技局 still uses legacy .xls.
    write_xls(
        root / "2023" / "区科技局2023.xls",
        [
            table(
                HIGHTECH,
                [
                    hightech("风电科技", H1, dt.date(2023, 10, 1)),
                    hightech("光伏科技", H2, dt.date(2023, 11, 20)),
                ],
            ),
            table(
                TECHSME,
                [
                    tech_sme("智能装备", S1, dt.date(2023, 5, 1)),
                    tech_sme("化工科技", S2, dt.date(2023, 6, 1)),
                    tech_sme("火星科技", S3, dt.date(2023, 6, 15), "火星乡"),  # unknown_unit
                ],
            ),
        ],
    )
    write_folder(
        root,
        {
            "2024/盐湖街道2024.xlsx": [
                (
                    CARRIER,
                    [
                        carrier(
                            "盐湖众创空间",
                            成立日期="2021-06-01",
                            从业人员数=12,
                            接受专业培训人数=7,
                            持创业导师证书人数=5,
                            示范基地="是",
                        ),
                        carrier("盐湖星创天地", 成立日期="2023-04-01", 运营状态="停运"),
                        # founded in August: in the year-end roster, not yet at 2024-06-30
                        carrier(
                            "盐湖科创加速器",
                            载体类型="加速器",
                            成立日期="2024-08-01",
                            从业人员数=6,
                            接受专业培训人数=3,
                            持创业导师证书人数=3,
                            法律服务="否",
                            金融服务="否",
                        ),
                    ],
                ),
                (
                    INCUBATED,
                    [
                        incubated("雪莲科技", C, "2024-04-01"),
                        incubated("追光 团队", None, "2024-02-01"),  # 2023's team again
                        incubated("迟报企业", D, "2023-11-20"),  # a late report of 2023
                        incubated("明年企业", E, "2025-02-01"),  # after every as-of date
                    ],
                ),
            ],
            "2024/东沟乡2024.xlsx": [
                (
                    CARRIER,
                    [
                        carrier(
                            "东沟孵化器",
                            "东沟乡",
                            成立日期="2022-01-01",
                            从业人员数=5,
                            接受专业培训人数=3,
                            持创业导师证书人数=1,
                        ),
                        # trained 6 > staff 4: count_exceeds_staff, not counted
                        carrier("东沟众创空间", "东沟乡", 从业人员数=4, 接受专业培训人数=6),
                    ],
                ),
                (
                    INCUBATED,
                    [
                        incubated("戈壁物流", F, "2024-09-01", "东沟乡"),
                        incubated("东沟青年团队", None, "2024-05-01", "东沟乡"),  # again
                    ],
                ),
                (
                    EVENT,
                    [
                        event("2024年创业沙龙", "创业沙龙", "2024-03-15", "东沟乡"),
                        event("全国创新创业大赛", "参加创业大赛", "2024-07-20", "东沟乡"),
                        event("全国创新创业大赛", "参加创业大赛", "2024-07-20", "盐湖街道"),
                    ],
                ),
            ],
            "2024/区科技局2024_科技型中小企业.xlsx": [
                (
                    TECHSME,
                    [
                        tech_sme("智能装备", S1, "2024-01-10"),  # S1 again: a duplicate
                        tech_sme("新能源", S4, "2024-03-01"),
                        tech_sme("生物科技", S5, "2024-08-15"),
                    ],
                ),
            ],
        },
    )
    # 区科技局's high-tech list as a GB18030 CSV (Excel's "CSV" on a Chinese Windows).
    write_csv(
        root / "2024" / "区科技局2024_高新技术企业.csv",
        csv_rows(
            HIGHTECH,
            [
                hightech("风电科技", H1, "2024-01-05"),  # H1 again: a duplicate
                hightech("储能科技", H3, "2024年5月10日"),
                hightech("氢能科技", H4, "2024/11/1"),
            ],
        ),
        encoding="gb18030",
    )
    write_xlsx(
        root / "2024" / "区人社局2024.xlsx",
        [
            Sheet("填报说明", [["请按模板填写。"]]),  # unknown_sheet
            table(
                MENTOR,
                [
                    mentor("李强", "cm 2023 002", "2024-01-15"),  # CM2023002 again
                    mentor("孙丽", "CM2024001", "2024-04-01"),
                    mentor("周杰", "CM2024002", "2024-10-01"),
                ],
            ),
            table(
                EVENT,
                [
                    event("创业培训第二期", "创业培训", "2024-05-20"),
                    event("创业训练营", "创业训练营", "2024-09-10"),  # not 2023's: new date
                ],
            ),
        ],
    )
    (root / "2024" / "报送函.docx").write_bytes(b"PK\x03\x04 cover letter")  # unsupported
    (root / "2024" / "~$盐湖街道2024.xlsx").write_bytes(b"\x05owner")  # ignored
    return root


def report(data_dir: Path, *args: str) -> dict[str, Any]:
    result = invoke("report", *args, "--data", str(data_dir), "--format", "json")
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def actuals(payload: dict[str, Any]) -> dict[str, Any]:
    return {i["id"]: i["actual"] for i in payload["indicators"]}


def statuses(payload: dict[str, Any]) -> dict[str, Any]:
    return {i["id"]: i["status"] for i in payload["indicators"]}


def test_2023(data_dir: Path) -> None:
    payload = report(data_dir, "2023")
    assert payload["as_of"] == "2023-12-31"
    assert actuals(payload) == {
        # Roster 2023: 盐湖众创空间 and 盐湖星创天地, both 运营 and founded by 2023-12-31.
        "carriers_total": 2,
        "staff_trained_ratio": pytest.approx(8 / 18),  # (6 + 2) / (10 + 8)
        "staff_mentor_certified_ratio": pytest.approx(6 / 18),  # (4 + 2) / (10 + 8)
        "carriers_full_service_ratio": 0.5,  # only 盐湖众创空间 offers all five
        "carriers_legal_finance_ratio": 0.5,  # 盐湖星创天地 has no 法律服务
        # A, 追光团队, 东沟青年团队; not 旧企业 (2022), A again, nor the bad code
        "incubated_new": 3,
        "mentors_new": 2,  # CM2023001, CM2023002; CM2023003 has a bad date
        "hightech_recognized": 2,  # H1, H2 from the .xls
        "tech_sme_registered": 2,  # S1, S2; S3's unit is unknown
        "contest_participations": 1,  # 自治区创业大赛
        "training_events": 3,  # 2023年创业沙龙 (twice, once), 创业培训第一期, 创业训练营
        "demo_bases": 1,  # 盐湖众创空间
    }
    # Errors: 赵敏's date, the CSV's bad code, 火星乡. Warnings: A twice (东沟乡2023.csv
    # sorts before 盐湖街道2023.xlsx, so the 盐湖 row is the repeat), the salon twice.
    assert payload["issues"] == {"errors": 3, "warnings": 2}
    assert payload["pace"] == pytest.approx(365 / 1096)
    assert statuses(payload) == {
        "carriers_total": "on_track",  # 2 >= 6 x 365/1096 = 1.998
        "staff_trained_ratio": "behind",  # 0.444 < 0.5 but >= 0.4
        "staff_mentor_certified_ratio": "behind",  # 0.333 < 0.4 but >= 0.32
        "carriers_full_service_ratio": "achieved",
        "carriers_legal_finance_ratio": "achieved",
        "incubated_new": "at_risk",  # 3 < 0.8 x 33.3
        "mentors_new": "at_risk",  # 2 < 0.8 x (10 x 365/1096 = 3.33) = 2.66
        "hightech_recognized": "at_risk",
        "tech_sme_registered": "at_risk",
        "contest_participations": "at_risk",
        "training_events": "at_risk",
        "demo_bases": "achieved",  # 1 >= lower bound 1
    }


def test_2024(data_dir: Path) -> None:
    payload = report(data_dir, "2024")
    assert payload["as_of"] == "2024-12-31"
    assert actuals(payload) == {
        # Roster 2024 (2023's is not read): 盐湖众创空间, 盐湖科创加速器 and 东沟孵化器;
        # not 盐湖星创天地 (停运) nor 东沟众创空间 (count_exceeds_staff).
        "carriers_total": 3,
        "staff_trained_ratio": pytest.approx(13 / 23),  # (7 + 3 + 3) / (12 + 6 + 5)
        "staff_mentor_certified_ratio": pytest.approx(9 / 23),  # (5 + 3 + 1) / 23
        "carriers_full_service_ratio": 1.0,  # all three offer the five services
        "carriers_legal_finance_ratio": pytest.approx(2 / 3),  # not the 加速器
        # 2023: A, 追光团队, 东沟青年团队; 2024: C, D (late, dated 2023), F.
        # 追光 团队 and 东沟青年团队 again count once; E is dated 2025.
        "incubated_new": 6,
        "mentors_new": 4,  # CM2023001, CM2023002 (again in 2024: once), CM2024001, CM2024002
        "hightech_recognized": 4,  # H1 (again in the CSV: once), H2, H3, H4
        "tech_sme_registered": 4,  # S1 (again: once), S2, S4, S5
        "contest_participations": 2,  # 自治区创业大赛, 全国创新创业大赛 (twice: once)
        # 2023: 3; 2024: 2024年创业沙龙, 创业培训第二期, 创业训练营 on another date
        "training_events": 6,
        "demo_bases": 1,
    }
    # Errors: 2023's three + 东沟众创空间. Warnings: 2023's two + 东沟青年团队, 追光 团队,
    # 全国创新创业大赛, CM2023002, S1, H1 repeated, the 填报说明 sheet and 报送函.docx.
    assert payload["issues"] == {"errors": 4, "warnings": 10}
    assert payload["records"] == {"counted": 29, "excluded": 4}  # 3 + 6 + 4 + 4 + 4 + 2 + 6
    assert payload["pace"] == pytest.approx(731 / 1096)
    by_id = {i["id"]: i for i in payload["indicators"]}
    assert by_id["carriers_total"]["expected"] == pytest.approx(6 * 731 / 1096)
    assert by_id["incubated_new"]["expected"] == pytest.approx(100 * 731 / 1096)
    assert by_id["staff_trained_ratio"]["expected"] == 0.5
    assert by_id["demo_bases"]["expected"] == pytest.approx(731 / 1096)
    assert statuses(payload) == {
        "carriers_total": "at_risk",  # 3 < 0.8 x 4.00 = 3.20
        "staff_trained_ratio": "achieved",  # 0.565 >= 0.5
        "staff_mentor_certified_ratio": "behind",  # 0.391: below 0.4, not below 0.32
        "carriers_full_service_ratio": "achieved",
        "carriers_legal_finance_ratio": "achieved",  # 0.667 >= 0.5
        "incubated_new": "at_risk",  # 6 < 0.8 x 66.7
        "mentors_new": "at_risk",  # 4 < 0.8 x 6.67 = 5.34
        "hightech_recognized": "at_risk",  # 4 < 5.34
        "tech_sme_registered": "at_risk",  # 4 < 0.8 x 10.0
        "contest_participations": "at_risk",  # 2 < 8.0
        "training_events": "at_risk",  # 6 < 0.8 x 13.3 = 10.7
        "demo_bases": "achieved",
    }


def test_2024_as_of_mid_year(data_dir: Path) -> None:
    payload = report(data_dir, "2024", "--as-of", "2024-06-30")
    assert payload["as_of"] == "2024-06-30"
    assert actuals(payload) == {
        # Still the 2024 roster; the 加速器 (founded 2024-08-01) is not there yet.
        "carriers_total": 2,  # 盐湖众创空间, 东沟孵化器
        "staff_trained_ratio": pytest.approx(10 / 17),  # (7 + 3) / (12 + 5)
        "staff_mentor_certified_ratio": pytest.approx(6 / 17),  # (5 + 1) / 17
        "carriers_full_service_ratio": 1.0,
        "carriers_legal_finance_ratio": 1.0,
        "incubated_new": 5,  # A, 追光团队, 东沟青年团队, C (04-01), D (late); not F (09-01)
        "mentors_new": 3,  # CM2023001, CM2023002, CM2024001 (04-01); not CM2024002 (10-01)
        "hightech_recognized": 3,  # H1, H2, H3 (05-10); not H4 (11-01)
        "tech_sme_registered": 3,  # S1, S2, S4 (03-01); not S5 (08-15)
        "contest_participations": 1,  # 全国创新创业大赛 is on 07-20
        "training_events": 5,  # 2023's 3 + 2024年创业沙龙 (03-15) + 创业培训第二期 (05-20)
        "demo_bases": 1,
    }
    # Records after the as-of date are not counted and are not issues.
    assert payload["issues"] == {"errors": 4, "warnings": 10}
    assert payload["pace"] == pytest.approx(547 / 1096)  # 365 + 182 days
    assert statuses(payload) == {
        "carriers_total": "at_risk",  # 2 < 0.8 x (6 x 547/1096 = 2.99) = 2.40
        "staff_trained_ratio": "achieved",  # 0.588
        "staff_mentor_certified_ratio": "behind",  # 0.353
        "carriers_full_service_ratio": "achieved",
        "carriers_legal_finance_ratio": "achieved",
        "incubated_new": "at_risk",
        "mentors_new": "at_risk",  # 3 < 0.8 x 4.99 = 3.99
        "hightech_recognized": "at_risk",
        "tech_sme_registered": "at_risk",
        "contest_participations": "at_risk",
        "training_events": "at_risk",  # 5 < 0.8 x 9.98 = 7.99
        "demo_bases": "achieved",
    }


def test_a_later_year_with_no_new_folder_keeps_counting(data_dir: Path) -> None:
    # No 2025 folder: the 2024 roster stands and E (dated 2025-02-01) now counts.
    values = actuals(report(data_dir, "2025"))
    assert values["carriers_total"] == 3
    assert values["incubated_new"] == 7
