"""부서별 담당업무: one row per duty bullet, under the department printed before its first bullet."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from extractors.form.lines import LineKey
from extractors.form.normalise import clean_name, fold
from extractors.form.vocabulary import DUTY_BULLETS, DUTY_HEADER
from extractors.parts.blocks import Block
from schemas import TABLES, Record, table_frame


@dataclass
class Duties:
    frame: pd.DataFrame
    used: set[LineKey]


def parse_department_duties(block: Block, fiscal_year: int) -> Duties:
    """One row per bullet; the lines before the first bullet are the list's header, whatever
    they say; a line without a bullet continues the duty before it."""
    used = {block.title.key}
    rows: list[Record] = []
    department = None
    for line in block.lines:
        text = line.stripped
        if not text:
            continue
        head, bullet, duty = _split_bullet(text)
        if bullet:
            if head:
                department = clean_name(head)
            if department is None:
                continue
            rows.append({"department": department, "duty": clean_name(duty),
                         "source_page": line.page, "source_line": line.number})
            used.add(line.key)
        elif rows and not DUTY_HEADER.fullmatch(fold(text)):
            rows[-1]["duty"] = f"{rows[-1]['duty']} {clean_name(text)}"
            used.add(line.key)
        elif not rows or DUTY_HEADER.fullmatch(fold(text)):
            used.add(line.key)
    frame = table_frame(TABLES["department_duties"], rows, fiscal_year)
    return Duties(frame, used)


def _split_bullet(text: str) -> tuple[str, str, str]:
    """"기 획 과 ◦ 청사 관리" → ("기 획 과", "◦", "청사 관리"); no bullet → ("", "", text)."""
    for index, char in enumerate(text):
        if char in DUTY_BULLETS and (index + 1 == len(text) or text[index + 1] == " "):
            return text[:index].strip(), char, text[index + 1 :].strip()
    return "", "", text
