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
# "구   분 2022 예산현액", "(A)", "’22년 대비 증감 징수현황(9.30.기준)", "정책/단위/", "세부사업별"
BUDGET_TABLE_HEADER = regex.compile(
    r"(?:구분|\d{4}|예산현액|[’‘']?\d{2}년대비증감|(?:징수|집행)현황(?:\([^)]*\))?"
    r"|증감액|증감률|징수액|징수율|집행액|집행률|\([A-Z](?:[/-][A-Z])?\)"
    r"|정책/?|단위/?|세부사업별?|단위사업)+"
)

# Level-2 rows of 세출예산 that are not policy programmes (정책사업): "행정운영경비(총무과)"
NON_POLICY_PROGRAMME = regex.compile(r"^(?:행정운영경비|재무활동|일반예산)\(")
