"""Every message the tool writes about the data, in Chinese (default) and English.

Messages say what was found and what is expected, in words a township clerk understands.
"""

from __future__ import annotations

from typing import Any, Literal

Lang = Literal["zh", "en"]

_MESSAGES: dict[str, tuple[str, str]] = {
    # issue codes (SUBMISSIONS.md section 4)
    "missing_value": (
        "必填项为空：请填写“{column}”。",
        "Required cell is blank: fill in {column}.",
    ),
    "missing_value_uscc": (
        "主体类型为“企业”时必须填写统一社会信用代码。",
        "统一社会信用代码 is required when 主体类型 is 企业.",
    ),
    "bad_date": (
        "无法识别的日期“{value}”：请填写真实存在的日期，如 2024-03-05、2024/3/5 或 2024年3月5日。",
        "Unreadable or impossible date '{value}': expected a real date such as 2024-03-05.",
    ),
    "bad_number": (
        "“{value}”不是 0 到 10 亿之间的整数：请只填写数字（如 12），不要带单位或小数。",
        "'{value}' is not a whole number from 0 to 1,000,000,000: expected digits only, "
        "such as 12.",
    ),
    "bad_bool": (
        "“{value}”不是是/否：请填写“是”或“否”（空白视为“否”）。",
        "'{value}' is not yes/no: expected 是 or 否 (blank means 否).",
    ),
    "bad_enum": (
        "“{value}”不是允许的值；允许：{allowed}。最接近的是“{closest}”。",
        "'{value}' is not an allowed value; allowed: {allowed}. Closest: {closest}.",
    ),
    "unknown_unit": (
        "所属单位“{value}”不在规则的单位名单中；应为：{allowed}。最接近的是“{closest}”。",
        "Unit '{value}' is not listed in the rules; expected one of: {allowed}. "
        "Closest: {closest}.",
    ),
    "bad_uscc_shape": (
        "统一社会信用代码“{value}”应为 18 位，只含数字和大写字母（不含 I、O、Z、S、V）。",
        "统一社会信用代码 '{value}' must be 18 characters of digits and capitals "
        "(no I, O, Z, S, V).",
    ),
    "bad_uscc_check": (
        "统一社会信用代码“{value}”校验位错误：第 18 位应为“{expected}”，请核对是否抄错。",
        "统一社会信用代码 '{value}' has a wrong check character: expected '{expected}' "
        "as the 18th character.",
    ),
    "count_exceeds_staff": (
        "{column}（{count}）大于从业人员数（{staff}）。",
        "{column} ({count}) is greater than 从业人员数 ({staff}).",
    ),
    "bad_certificate": (
        "高新技术企业证书编号“{value}”格式不对：应为 GR + 4 位年份 + 2 位省份代码 + 6 位数字，"
        "如 GR202365000123。",
        "High-tech certificate number '{value}' should be GR + 4-digit year + 2-digit province "
        "code + 6 digits, e.g. GR202365000123.",
    ),
    "duplicate": (
        "与 {first_file}（{first_sheet} 第 {first_row} 行）重复，只计一次。",
        "Same record as {first_file} ({first_sheet} row {first_row}); counted once.",
    ),
    "future_date": (
        "日期 {value} 晚于今天（{today}），请核对。",
        "Date {value} is after today ({today}); please check.",
    ),
    "unknown_column": (
        "未知的列“{header}”，已忽略。",
        "Unknown column '{header}' ignored.",
    ),
    "unknown_sheet": (
        "工作表“{sheet}”不是六类报表之一（孵化载体、孵化企业、创业导师、高新技术企业、"
        "科技型中小企业、双创活动），已忽略。",
        "Sheet '{sheet}' is none of the six submission types; ignored.",
    ),
    "unsupported_file": (
        "不支持的文件类型“{suffix}”，已忽略；请报送 xlsx、xls、ods 或 csv 文件。",
        "Unsupported file type '{suffix}' ignored; send xlsx, xls, ods or csv.",
    ),
    "no_header": (
        "前 10 行中找不到“{sheet}”的表头；表头应含：{required}。",
        "No header row for {sheet} in the first 10 rows; expected columns: {required}.",
    ),
    "missing_column": (
        "缺少必填列“{column}”（表头在第 {header_row} 行），整张表未计入。",
        "Required column {column} is missing (header in row {header_row}); sheet skipped.",
    ),
    # unreadable_file reasons
    "unreadable_file.empty": ("文件为空。", "The file is empty."),
    "unreadable_file.too_big": (
        "文件 {size_mb} MB，超过 {limit} MB 的上限，未读取。",
        "File is {size_mb} MB, over the {limit} MB limit; not read.",
    ),
    "unreadable_file.inflates": (
        "文件解压后达 {size_mb} MB，超过 {limit} MB 的上限，未读取。",
        "File inflates to {size_mb} MB, over the {limit} MB limit; not read.",
    ),
    "unreadable_file.too_many_rows": (
        "工作表“{sheet}”有 {rows} 行，超过 {limit} 行的上限，未读取。",
        "Sheet '{sheet}' has {rows} rows, over the {limit}-row limit; not read.",
    ),
    "unreadable_file.too_many_cells": (
        "工作表“{sheet}”范围过大（{rows} 行 × {columns} 列，"
        "超过 {limit} 个单元格的上限），未读取。",
        "Sheet '{sheet}' spans {rows} rows x {columns} columns, over the {limit}-cell limit; "
        "not read.",
    ),
    "unreadable_file.too_many_cells_in_file": (
        "文件内容超过 {limit} 个单元格的上限（各工作表合计），未读取。",
        "The file holds over {limit} cells (all its sheets together), the limit; not read.",
    ),
    "unreadable_file.too_many_columns": (
        "工作表“{sheet}”有 {columns} 列，超过 {limit} 列的上限，未读取。",
        "Sheet '{sheet}' has {columns} columns, over the {limit}-column limit; not read.",
    ),
    "unreadable_file.too_large_once_read": (
        "文件读入后所需内存超过 {limit} MB 的上限，未读取（上限见规则 values.toml 的 "
        "max_memory_mb）。",
        "Once read, the file would take more than the {limit} MB memory limit; not read "
        "(max_memory_mb in the rules' values.toml).",
    ),
    "unreadable_file.took_too_long": (
        "读取超过 {limit} 秒的上限仍未完成，未读取（上限见规则 values.toml 的 max_seconds）。",
        "Reading the file took longer than the {limit}-second limit; not read (max_seconds "
        "in the rules' values.toml).",
    ),
    "unreadable_file.reader_crashed": (
        "读取该文件时读取程序异常退出，文件可能已损坏；请重新导出后报送。（技术细节：{detail}）",
        "The reader stopped abnormally on this file ({detail}); it may be damaged: "
        "export it again.",
    ),
    "unreadable_file.folder_unreadable": (
        "无法打开该文件夹，其中的文件均未读取；请检查文件夹权限。（技术细节：{detail}）",
        "The folder cannot be opened ({detail}), so none of its files were read; "
        "check its permissions.",
    ),
    "unreadable_file.cell_too_long": (
        "有单元格超过 {limit} 个字符的上限，文件未读取。",
        "A cell is longer than the {limit}-character limit; file not read.",
    ),
    "unreadable_file.html": (
        "这是网页（HTML）文件，只是扩展名为表格；请在 Excel 中打开后另存为 .xlsx。",
        "This is a web page (HTML) with a spreadsheet name; open it in Excel and save as .xlsx.",
    ),
    "unreadable_file.encrypted": (
        "文件设有密码，无法读取；请取消密码后重新报送。",
        "The file is password-protected; remove the password and send it again.",
    ),
    "unreadable_file.no_sheets": (
        "文件中没有工作表，无法读取；请在 Excel 中打开后另存为 .xlsx 再报送。",
        "The file holds no sheet; open it in Excel and save it as .xlsx again.",
    ),
    "unreadable_file.same_sheet_name": (
        "文件中有两张同名的工作表“{sheet}”（Excel 不允许），无法可靠读取；"
        "请在 Excel 中打开后另存再报送。",
        "Two sheets are both named '{sheet}' (Excel does not allow it), so the file cannot be "
        "read reliably; open it in Excel and save it again.",
    ),
    "unreadable_file.not_a_file": (
        "这不是普通文件（可能是管道或设备），未读取。",
        "Not a regular file (a pipe or a device, perhaps); not read.",
    ),
    "unreadable_file.no_access": (
        "没有读取该文件的权限，未读取；请检查文件权限。",
        "No permission to read the file; not read. Check its permissions.",
    ),
    "unreadable_file.corrupt": (
        "文件已损坏或不完整，无法读取；请重新导出后报送。（技术细节：{detail}）",
        "The file is corrupt or truncated ({detail}); export it again.",
    ),
    "unreadable_file.not_workbook": (
        "文件内容不是 Excel/WPS 表格（扩展名与内容不符）。",
        "The content is not a spreadsheet (the name does not match the content).",
    ),
    "unreadable_file.workbook_as_csv": (
        "这是 Excel 工作簿，却以 .csv 命名；请改回 .xlsx/.xls 扩展名。",
        "This is an Excel workbook named .csv; rename it to .xlsx or .xls.",
    ),
    "unreadable_file.not_text": (
        "文件不是文本表格（含二进制内容），无法按 CSV 读取。",
        "The file is not text (binary content); it cannot be read as CSV.",
    ),
    "unreadable_file.encoding": (
        "无法识别文件编码；请以 UTF-8 或 GB18030（GBK）保存 CSV。",
        "Unknown text encoding; save the CSV as UTF-8 or GB18030 (GBK).",
    ),
}


def message(key: str, lang: Lang = "zh", **params: Any) -> str:
    zh, en = _MESSAGES[key]
    return (en if lang == "en" else zh).format(**params)


def t(lang: Lang, zh: str, en: str) -> str:
    """The Chinese or the English of a text written inline."""
    return en if lang == "en" else zh


QUOTED_CHARS = 60


def quoted(text: str) -> str:
    """Text as a message quotes it: a long cell or a pasted paragraph is cut short."""
    return text if len(text) <= QUOTED_CHARS else text[:QUOTED_CHARS] + "…"
