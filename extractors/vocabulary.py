"""The words of the report form, in one place: what a Seoul bureau's report calls its parts.

These are the form's words (every bureau's report uses them every year), never the names
of one report's departments or programmes. Compared folded (no blanks, one middle dot).
"""

from __future__ import annotations

import regex

# Which words of a section heading ("Ⅲ. 2023 세입·세출예산 세부 현황") tell which section it is.
SECTION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "general": ("일반현황",),
    "work_report": ("업무보고",),
    "budget_detail": ("세부현황",),
    "audit": ("지적사항",),
}

# Which word of a table's title line names each budget table, and the section it stands in.
BUDGET_TABLE_TITLES: dict[str, tuple[str, str]] = {
    "revenue_summary": ("general", "세입총괄"),
    "expenditure_summary": ("general", "세출총괄"),
    "revenue_detail": ("budget_detail", "세입예산"),
    "expenditure_detail": ("budget_detail", "세출예산"),
}

# A repeated column header of a budget table, compared with blanks removed:
# "구   분 20NN 예산현액" (any year), "(A)", "’NN년 대비 증감 징수현황(9.30.기준)", "정책/단위/", "세부사업별"
BUDGET_TABLE_HEADER = regex.compile(
    r"(?:구분|\d{4}|예산현액|[’‘']?\d{2}년대비증감|(?:징수|집행)현황(?:\([^)]*\))?"
    r"|증감액|증감률|징수액|징수율|집행액|집행률|\([A-Z](?:[/-][A-Z])?\)"
    r"|정책/?|단위/?|세부사업별?|단위사업)+"
)

# Level-2 rows of 세출예산 that are not policy programmes (정책사업): "행정운영경비(○○과)"
NON_POLICY_PROGRAMME = regex.compile(r"^(?:행정운영경비|재무활동|일반예산)\(")

# Titled blocks of section Ⅰ (the glyph-led titles "\uf000 조직 및 인력 : 7과 1사업소 375명", …).
GENERAL_BLOCKS: dict[str, str] = {
    "org_units": "조직및인력",
    "department_duties": "부서별담당업무",
    "budget_overview": "예산현황",
    "district_stats": "행정여건",
}

# Bullets of a duty list: "◦ 청사 시설물 관리 …"
DUTY_BULLETS = "◦○ㅇ•·"
# The header of the duty list: "부  서 담  당  업  무"
DUTY_HEADER = regex.compile(r"부서담당업무")

# Section Ⅳ. The 총괄 table's columns, by their folded header words, and the statuses they count.
AUDIT_COLUMNS: dict[str, str] = {
    "계": "total",
    "완료": "completed",
    "추진중": "in_progress",
    "검토중": "under_review",
    "미반영": "not_reflected",
}
AUDIT_STATUSES: dict[str, str] = {  # folded printed status → normalised status
    "추진완료": "추진완료",
    "완료": "추진완료",
    "추진중": "추진중",
    "검토중": "검토중",
    "미반영": "미반영",
}
STATUS_COLUMN = {"추진완료": "completed", "추진중": "in_progress", "검토중": "under_review", "미반영": "not_reflected"}
# "□ 추진상황 : 추진 중"
AUDIT_STATUS_LINE = regex.compile(r"^□\s*추진\s*상황\s*[:：]\s*(?P<status>.+)$")
# "□ 추진내용", "□ 검토내용", "□ 추진내용 및 향후 추진계획": the actions taken
AUDIT_ACTIONS_HEADING = regex.compile(r"^□\s*(?:추진|검토|조치)\s*내용")
# "□ 향후계획", "□ 향후 추진계획": the plan, where it stands on its own
AUDIT_PLAN_HEADING = regex.compile(r"^□\s*향후\s*(?:추진\s*)?계획")
# The page header of the findings, folded: "시정및처리요구사항조치결과및향후추진계획", "건의사항조치결과"
AUDIT_PAGE_HEADER = regex.compile(r"^[^○◦□※\-].*조치결과(?:및향후추진계획)?$")
# A finding's department: "(○○과)"
AUDIT_DEPARTMENT = regex.compile(r"^[(（](?P<department>[^()（）]+)[)）]$")
AUDIT_REQUEST_BULLET = "○"
# "○ 수감결과 처리요구사항 등 ------------------ 총 48 건"
AUDIT_STATED_TOTAL = regex.compile(r"총\s*(?P<count>[\d,]+)\s*건")

# Section Ⅱ tables. An execution table's header, folded: "사업명예산현액집행액집행률(%)’23년말집행예상액"
EXECUTION_HEADER = regex.compile(r"^사업명예산현액집행액")
EXECUTION_SUBHEADER = regex.compile(r"^원인행위지출액")
EXECUTION_TITLE = regex.compile(r"《\s*예산\s*집행\s*현황\s*》|집행\s*\(\s*교부\s*\)\s*현황")
# The 조정교부금 규모 table's header, folded: "구분2023예산2022예산증감", then "소계(A)본예산추경예산…"
GRANT_HEADER = regex.compile(r"^구분(?P<current>\d{4})예산(?P<previous>\d{4})예산증감$")
GRANT_COLUMN_WORDS = (("소계", "total"), ("본예산", "main"), ("추경", "supp"))

# Section Ⅱ narrative. A chapter line: "1. 직원 업무효율성 향상을 위한 맞춤형 지원 확대" (also wrapped on covers)
CHAPTER_LINE = regex.compile(r"^\s*(?P<number>\d{1,2})\.\s+(?P<title>\S.*)$")
# An item heading, at the start of the line: "1  직원 활력 충전을 위한 후생복지 강화"
ITEM_HEADING = regex.compile(r"^(?P<number>\d{1,2})\s+(?P<title>\S.*)$")
# Bullets and their depth (contract): □ and paragraphs 0; ㅇ ◦ ○ 1; - ① … 2; ‣ 3; ※ * one below the bullet before.
BULLET_DEPTHS: dict[str, int] = {"□": 0, "ㅇ": 1, "◦": 1, "○": 1, "-": 2, "‣": 3, "▶": 3}
CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
NOTE_MARKERS = "※*"

# 자치구·동 행정여건: a number and its unit ("605.24㎢", "9,407,540명", "14개동", "22조 1,491억원").
STAT_NUMBER = regex.compile(
    r"(?<![\p{Hangul}\d])(?:(?P<jo>\d+)\s*조\s*)?(?P<value>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<unit>㎢|%|천\s?세대|세대|천명|만명|명|억원|자치구|개구|개동|개소|동|통|반)(?!\p{Hangul}*[0-9])"
)
# Units that count things: their rows are labelled "<what> <thing> 수".
COUNTED_UNITS = {"자치구": "자치구", "개구": "구", "개동": "동", "동": "동", "통": "통", "반": "반", "개소": "개소"}
JO_IN_EOK = 10_000  # 1조 = 10,000억
