"""A small data folder whose records are spread over the quarters of 2023 and 2024, for
the trend and the bulletin: carriers opening during a year, a 2024 file holding a record
dated in 2023 (sent late), an error and a warning, an unreadable file, a unit that sent
nothing in 2024."""

from __future__ import annotations

from pathlib import Path

from helpers import write_folder
from make_test_data import (
    CARRIER,
    EVENT,
    HIGHTECH,
    INCUBATED,
    MENTOR,
    TECHSME,
    carrier,
    event,
    hightech,
    incubated,
    mentor,
    tech_sme,
    uscc,
)

LATE_RECORD_DATE = "2023-12-15"  # in the 2024 folder: counted by report 2024 only


def spread_folder(root: Path) -> Path:
    write_folder(
        root,
        {
            "2023/盐湖街道2023.xlsx": [
                (
                    CARRIER,
                    [
                        carrier("盐湖众创空间"),
                        carrier("盐湖孵化器", 成立日期="2023-07-01", 法律服务="否"),
                    ],
                ),
                (
                    INCUBATED,
                    [
                        incubated("甲公司", uscc(1), "2023-02-10"),
                        incubated("乙公司", uscc(2), "2023-05-20"),
                        incubated("丙公司", uscc(3), "2023-08-15"),
                        incubated("丁团队", None, "2023-11-03"),
                    ],
                ),
                (MENTOR, [mentor("王芳", "CM1", "2023-04-01", "盐湖街道")]),
                (EVENT, [event("创业沙龙一", "创业沙龙", "2023-06-10", "盐湖街道")]),
            ],
            "2023/区科技局2023.xlsx": [
                (HIGHTECH, [hightech("戊公司", uscc(11), "2023-10-20")]),
                (
                    TECHSME,
                    [
                        tech_sme("己公司", uscc(21), "2023-03-15"),
                        tech_sme("庚公司", uscc(22), "2023-09-01"),
                    ],
                ),
                (EVENT, [event("创客大赛", "参加创业大赛", "2023-09-10", "区科技局")]),
            ],
            "2023/东沟乡2023.xlsx": [
                (
                    INCUBATED,
                    [
                        incubated("辛公司", uscc(4), "2023-06-30", "东沟乡"),
                        incubated("壬公司", uscc(5), "2023-13-01", "东沟乡"),  # bad_date
                    ],
                ),
            ],
            "2024/盐湖街道2024.xlsx": [
                (
                    CARRIER,
                    [
                        carrier("盐湖众创空间"),
                        carrier("盐湖孵化器", 成立日期="2023-07-01", 法律服务="否"),
                        carrier("盐湖星创天地", 成立日期="2024-05-01", 财务代理="否"),
                    ],
                ),
                (
                    INCUBATED,
                    [
                        incubated("癸公司", uscc(6), "2024-01-15"),
                        incubated("子公司", uscc(7), "2024-04-10"),
                        incubated("丑公司", uscc(8), "2024-07-07"),
                        incubated("寅公司", uscc(9), "2024-10-01"),
                        incubated("卯公司", uscc(10), LATE_RECORD_DATE),
                    ],
                ),
                (MENTOR, [mentor("李强", "CM2", "2024-05-01", "盐湖街道")]),
                (
                    EVENT,
                    [
                        event("创业培训一", "创业培训", "2024-08-08", "盐湖街道"),
                        event("创业培训一", "创业培训", "2024-08-08", "盐湖街道"),  # duplicate
                    ],
                ),
            ],
            "2024/区科技局2024.xlsx": [
                (HIGHTECH, [hightech("辰公司", uscc(12), "2024-06-30")]),
                (
                    TECHSME,
                    [
                        tech_sme("巳公司", uscc(23), "2024-02-02"),
                        tech_sme("午公司", uscc(24), "2024-11-11"),
                        tech_sme("未公司", uscc(25)[:17] + "!", "2024-03-03"),  # bad_uscc
                    ],
                ),
                (EVENT, [event("红山创客周", "参加创业大赛", "2024-05-05", "区科技局")]),
            ],
            "2024/区人社局2024.xlsx": [
                (EVENT, [event("创业训练营", "创业训练营", "2024-09-20", "区人社局")]),
            ],
        },
    )
    (root / "2024" / "乌拉泊街道2024.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    return root
