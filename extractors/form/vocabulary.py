"""The words of the report form, in one place: hints, never the only way a part is found.

Parts of a report are found by their shape and order (extractors/sections.py, budget_tables.py,
execution.py, audit.py); the words below only break ties and name what the shapes found. Every
bureau words the form a little differently, so each hint is a list of the wordings seen, compared
folded (no blanks, one middle dot). These are the form's words, never the names of one report's
departments or programmes.
"""

from __future__ import annotations

import regex

# The form's sections, in the order the form prints them (Ⅰ, Ⅱ, Ⅲ, Ⅳ).
SECTION_ORDER = ("general", "work_report", "budget_detail", "audit")

# The form's marks, each set once; the bullets a part accepts are made of them.
ITEM_BULLETS = "ㅇ◦○•"  # a list item (depth 1 in the work report)
POINTERS = "‣▸▶"  # an item below that
HEADING_MARKS = "□■◆◇▣"  # a heading of a block (□ 추진방향, □ 추진상황)
MIDDLE_DOTS = "·‧․ㆍ･"  # a middle dot, as the fonts print it; also a bullet
# What each section is called where its own heading says nothing the hints know.
SECTION_TITLES = {
    "general": "일반현황",
    "work_report": "주요 업무보고",
    "budget_detail": "세입·세출예산 세부 현황",
    "audit": "행정사무감사 지적사항 처리 결과",
}
# Words of a section heading that hint at its section: "Ⅲ. 2023 세입·세출예산 세부 현황", "Ⅳ. 지적사항 처리 결과"
SECTION_HINTS: dict[str, tuple[str, ...]] = {
    "general": ("일반현황", "기본현황", "일반사항", "현황개요", "조직및인력"),
    "work_report": ("업무보고", "주요업무", "추진실적", "업무추진", "주요사업", "업무현황"),
    "budget_detail": ("세부현황", "예산현황", "예산내역", "세입·세출", "세입세출", "예산세부"),
    "audit": ("지적사항", "행정사무감사", "처리결과", "조치결과", "감사결과"),
}

# Which budget table a title names: 세입 (revenue) or 세출 (expenditure); else their order says.
REVENUE_WORD = "세입"
EXPENDITURE_WORD = "세출"

# A column header of a budget table, compared with blanks removed: "구   분 20NN 예산현액", "(A)",
# "’NN년 대비 증감 징수현황(9.30.기준)", "정책/단위/", "세부사업별". A hint: the lines a table's own
# header prints are learned from the report itself (budget_tables.py). A column's letter may be read
# by OCR as a digit or a mark: "예산현액(4)", "(&)".
BUDGET_TABLE_HEADER = regex.compile(
    r"(?:구분|과목|사업명|\d{4}년?|예산현액|예산액|[’‘']?\d{2}년?(?:대비)?(?:증감)?|(?:징수|집행|수납)(?:현황|실적)"
    r"(?:\([^)]*\))?|증감액?|증감[률율]|(?:징수|집행|수납)(?:액|[률율])|\([A-Z0-9&](?:[/-][A-Z0-9&])?\)|\(%\)"
    r"|정책/?|단위/?|세부사업별?|단위사업|\(\d+월말\))+"
)

# Level-2 rows of 세출예산 that are not policy programmes (정책사업): "행정운영경비(○○과)"
NON_POLICY_PROGRAMME = regex.compile(r"^(?:행정운영경비|재무활동|일반예산)\(")

# Blocks of section Ⅰ, by hints in their glyph-led titles ("\uf000 조직 및 인력 : 5과 1사업소 240명").
GENERAL_BLOCK_HINTS: dict[str, tuple[str, ...]] = {
    "org_units": ("조직및인력", "조직현황", "조직및인원", "조직도", "기구및정원"),
    "department_duties": ("담당업무", "업무분장", "부서별업무", "주요업무분장"),
    "budget_overview": ("예산현황", "예산개요", "세입·세출", "예산규모"),
    "district_stats": ("행정여건", "관할현황", "일반현황", "여건"),
}

# Bullets of a duty list: "◦ 청사 시설물 관리 …"
DUTY_BULLETS = ITEM_BULLETS + POINTERS + "·"
# The header of the duty list: "부  서 담  당  업  무"
DUTY_HEADER = regex.compile(r"부서(?:명)?(?:담당업무|업무분장|주요업무)")

# Section Ⅳ. The 총괄 table's column words and the statuses they count, folded.
TOTAL_WORDS = ("계", "합계", "총계")  # a total row, not an item (a bureau, a category)
SUMMARY_TOTAL_WORDS = (*TOTAL_WORDS, "총건수", "건수", "지적건수")
# Words of a grid's header row (a grid with them and no digit is a header, not data)
GRID_HEADER_WORDS = regex.compile(r"부서|인원|구분|사업명|예산|집행|징수|증감")
SUMMARY_LABEL_WORDS = ("구분", "분류", "항목", "구분별")
# Printed status (folded) → the contract's status. The same meaning in other words maps too.
STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys(("추진완료", "완료", "조치완료", "처리완료", "종결", "이행완료", "반영완료", "해소"), "추진완료"),
    **dict.fromkeys(("추진중", "조치중", "처리중", "진행중", "계속추진", "이행중", "추진", "장기추진", "일부완료"),
                    "추진중"),
    **dict.fromkeys(("검토중", "검토", "장기검토", "검토예정", "협의중"), "검토중"),
    **dict.fromkeys(("미반영", "불수용", "반영불가", "불가", "미조치", "수용불가", "조치불가", "미추진"), "미반영"),
}
STATUS_COLUMN = {"추진완료": "completed", "추진중": "in_progress", "검토중": "under_review", "미반영": "not_reflected"}
# A finding's status line: "□ 추진상황 : 추진 중", "□ 조치결과 : 조치완료" (the label is a hint only)
AUDIT_STATUS_LINE = regex.compile(r"^[□■◆◇▣]\s*(?P<label>[^:：]{1,20}?)\s*[:：]\s*(?P<status>\S.{0,40}?)\s*$")
# A □ heading of a finding's body that names a plan on its own: "□ 향후계획", "□ 향후 추진계획"
AUDIT_PLAN_HEADING = regex.compile(r"^[□■◆◇▣]\s*향후\s*(?:추진\s*|조치\s*)?계획")
# A finding's department: "(○○과)"
AUDIT_DEPARTMENT = regex.compile(r"^[(（](?P<department>[^()（）]{1,40})[)）]$")
# Bullets a finding's request may be printed with: "○ 청사 개방 사업 관련하여 …"
REQUEST_BULLETS = ITEM_BULLETS + POINTERS + "·*-"
# A page header of the findings, folded (a hint: repeated page-top lines are found by their shape):
# "시정및처리요구사항조치결과및향후추진계획", "건의사항조치결과", "…추진실적"
AUDIT_PAGE_HEADER = regex.compile(r"^[^○◦□※\-].*(?:조치결과|추진실적|처리결과)(?:및향후(?:추진|조치)?계획)?$")
# "○ 수감결과 처리요구사항 등 ------------------ 총 30 건"
AUDIT_STATED_TOTAL = regex.compile(r"총\s*(?P<count>[\d,]+)\s*건")

# Section Ⅱ tables: hints in their headers and titles. An execution table's header, folded:
# "사업명예산현액집행액집행률(%)’23년말집행예상액", then "원인행위지출액…".
EXECUTION_HEADER = regex.compile(r"^(?:사업명|구분|세부사업)(?:예산현액|예산액|예산)(?:집행액|집행)")
EXECUTION_SUBHEADER = regex.compile(r"^원인행위지출액")
EXECUTION_TITLE = regex.compile(r"《\s*[^》]*집\s*행[^》]*》|집행\s*\(\s*교부\s*\)\s*현황")
# The 조정교부금 규모 table's second header line names its columns: "소계(A) 본예산 추경예산 …"
GRANT_COLUMN_WORDS = (("소계", "total"), ("본예산", "main"), ("추경", "supp"))

# Section Ⅱ narrative. A chapter line: "1. 직원 업무효율성 향상을 위한 맞춤형 지원 확대" (also wrapped on
# covers; a scan's may have lost the space: "2.주민 …", never a number's decimals: "2.5배")
CHAPTER_LINE = regex.compile(r"^\s*(?P<number>\d{1,2})\.\s*(?P<title>[^\d\s.].*)$")
# An item heading, at the start of the line: "1  주민 참여 확대를 위한 기반 조성"
ITEM_HEADING = regex.compile(r"^(?P<number>\d{1,2})\s+(?P<title>\S.*)$")
# Bullets and their depth (contract): □ and paragraphs 0; ㅇ ◦ ○ 1; - ① … 2; ‣ 3; ※ * one below the bullet before.
BULLET_DEPTHS: dict[str, int] = {"□": 0, "ㅇ": 1, "◦": 1, "○": 1, "•": 1, "-": 2, "‣": 3, "▶": 3, "▸": 3}
CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
NOTE_MARKERS = "※*＊"

# 자치구·동 행정여건: a number and its unit ("312.5㎢", "1,234,567명", "12개동", "3조 2,000억원").
STAT_NUMBER = regex.compile(
    r"(?<![\p{Hangul}\d])(?:(?P<jo>\d+)\s*조\s*)?(?P<value>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<unit>㎢|%|천\s?세대|세대|천명|만명|명|억원|자치구|개구|개동|개소|동|통|반)(?!\p{Hangul}*[0-9])"
)
# Units that count things: their rows are labelled "<what> <thing> 수".
COUNTED_UNITS = {"자치구": "자치구", "개구": "구", "개동": "동", "동": "동", "통": "통", "반": "반", "개소": "개소"}
JO_IN_EOK = 10_000  # 1조 = 10,000억
