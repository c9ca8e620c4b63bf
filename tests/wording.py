"""Rewrite the reference report in another bureau's wording of the same form, and say exactly
which tables and findings the pipeline must then give.

Same data, same lines; only the words of the form drift: section headings (numerals kept),
section Ⅰ block titles (glyphs kept), budget and execution table titles (the budget titles keep
세입/세출, or drop them and their order tells), column headers and the page headers repeated
inside tables, unit lines, as-of date forms, section Ⅳ's status words, its 총괄 header (other
words, two lines, a merged group cell), its category labels (the first split in two, which
adds a 총괄 row), and its page headers and group headings. Made-up words come from syllables
that spell nothing the pipeline's vocabulary knows, so a passing test proves the structure
carried the parse.

The expected audit counts are recomputed here, independently of schemas/counts.py: a made-up
status word leaves its findings without a status, which changes what the 총괄 table's printed
counts are compared with.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass

import pandas as pd
import regex

from extractors.form.normalise import clean_name, fold
from extractors.form.vocabulary import (
    BUDGET_TABLE_HEADER,
    EXECUTION_HEADER,
    GENERAL_BLOCK_HINTS,
    SECTION_HINTS,
    STATUS_WORDS,
    SUMMARY_LABEL_WORDS,
    SUMMARY_TOTAL_WORDS,
)

SYLLABLES = "가람누리솔빛다온하늬미르라새벽별꽃물결바고운나래여울슬아봄숲"
GLYPH = "\uf000"
SECTION = regex.compile(r"^(\s*)([ⅠⅡⅢⅣ])\.\s*(.*)$")
BUDGET_TITLE = regex.compile(r"^(\s*(?:ㅇ|\uf000)\s*)(세입|세출)(총괄|예산)\s*(\(.*\))\s*$")
STATUS = regex.compile(r"^□ 추진상황 : (.+)$")
AS_OF = regex.compile(r"’23\.\s?9\.\s?30\.?")
UNIT = regex.compile(r"\((?:[^()]*?)단위\s*:\s*(천원|억원)[^()]*\)")
# The words of the reference's budget-table headers (its page headers repeat them)
HEADER_TOKENS = {"구", "분", "2022", "2023", "예산현액", "(A)", "(B)", "’22년", "대비", "증감", "징수현황(9.30.기준)",
                 "집행현황(9.30.기준)", "증감액(B-A)", "증감률", "징수액(C)", "징수율(C/B)", "집행액(C)", "집행률(C/B)",
                 "정책/단위/", "세부사업별", "증감액", "징수액", "징수율", "집행액", "집행률"}
OTHER_HEADERS = ("사업명 예산현액", "원인행위 지출액", "구 분 2023 예산", "소계(A) 본예산", "부  서 담  당")
YEAR_TOKEN = regex.compile(r"^(?:20\d\d|’\d\d년)$")
DATE_FORMS = {"same": "’23. 9. 30.", "compact": "’23.9.30", "full": "2023. 9. 30.", "korean": "2023년 9월 30일",
              "short_year": "23. 9. 30.", "undated": "9. 30."}
UNIT_FORMS = {"same": None, "tight": "(단위:{unit})", "bare": "({unit})", "plain": "단위 : {unit}"}
SYNONYMS = {"추진완료": ["추진완료", "조치완료", "처리완료", "완료", "종결"],
            "추진중": ["추진중", "추진 중", "조치중", "계속추진", "처리중"],
            "검토중": ["검토중"], "미반영": ["미반영", "불수용", "반영불가"]}
STATUS_LABELS = ["추진상황", "조치결과", "처리결과", "추진현황"]
COLUMN_WORDS = {"total": ["계", "합계", "총계"], "completed": ["완 료", "조치완료", "처리완료"],
                "in_progress": ["추진중", "조치중", "진행중"], "under_review": ["검토중"],
                "not_reflected": ["미반영", "불수용"]}
COLUMNS = ("total", "completed", "in_progress", "under_review", "not_reflected")
STATUS_COLUMN = {"추진완료": "completed", "추진중": "in_progress", "검토중": "under_review", "미반영": "not_reflected"}
LABELS = {"시정· 처리요구사항": "시정·처리 요구사항", "건의사항": "건의 사항",
          "기타(자료제출 등)": "자료제출 등 기타사항"}
SPLIT_LABELS = ("시정요구사항", "처리요구사항")
AUDIT_CHECKS = ("audit_counts_match_items", "audit_summary_adds_up")


@dataclass(frozen=True)
class Wording:
    """What the other bureau words differently; hypothesis draws these."""

    seed: int
    headings: bool = False
    blocks: bool = False
    titles: str = "same"  # same | made_up (세입/세출 kept) | no_word (order tells)
    headers: bool = False
    units: str = "same"  # one of UNIT_FORMS
    dates: str = "same"  # one of DATE_FORMS
    statuses: str = "same"  # same | synonyms | made_up (one status in a made-up word, 총괄 column too)
    summary_header: str = "same"  # same | synonyms | two_lines | merged
    labels: bool = False
    split: bool = False
    audit_headers: bool = False
    district_title: str = "same"  # same | plain (no glyph) | numbered ("1. …"): the block is found by its shape


def everything(seed: int) -> Wording:
    return Wording(seed, True, True, "no_word", True, "bare", "undated", "made_up", "merged", True, True, True,
                   "numbered")


@dataclass
class Reworded:
    text: str
    tables: dict[str, pd.DataFrame]  # what the pipeline must give, provenance aside
    findings: set[tuple[str, str]]  # (key, severity) of every finding it must give
    reviews: str  # the reviewed file, its keys renamed, with the new count errors reviewed


def reword(reference_text: str, reference, reference_findings: pd.DataFrame, reviews: str,
           wording: Wording) -> Reworded:
    rng = random.Random(wording.seed)
    words = _Words(rng)
    lines = reference_text.split("\n")
    audit_start = next(i for i, line in enumerate(lines) if line.startswith("Ⅳ."))
    _front(lines, audit_start, wording, words, rng)
    model = _Audit(reference.tables["audit_findings"], reference.tables["audit_summary"], wording, words, rng)
    lines = lines[:audit_start] + model.rewrite(lines[audit_start:])
    tables = {name: frame.copy() for name, frame in reference.tables.items()}
    tables["audit_findings"] = model.expected_findings(tables["audit_findings"])
    tables["audit_summary"] = model.expected_summary(tables["audit_summary"])
    expected = {(f.key, f.severity) for f in reference_findings.itertuples() if f.check not in AUDIT_CHECKS}
    counts = model.count_findings()
    expected |= {(key, "error") for key in counts} | {(key, "warning") for key in model.warnings()}
    kept = [row for row in csv.DictReader(io.StringIO(reviews)) if row["key"].split("|")[0] not in AUDIT_CHECKS]
    kept += [{"key": key, "note": f"Generated: {note}"} for key, note in counts.items()]
    out = io.StringIO()
    writer = csv.DictWriter(out, ["key", "note"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    return Reworded("\n".join(lines), tables, expected, out.getvalue())


class _Words:
    """Made-up words: syllables that spell nothing the pipeline's vocabulary knows."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.known = [fold(w) for hints in (*SECTION_HINTS.values(), *GENERAL_BLOCK_HINTS.values()) for w in hints]
        self.known += [*STATUS_WORDS, *SUMMARY_LABEL_WORDS, *SUMMARY_TOTAL_WORDS, "세입", "세출", "결과", "계획"]

    def word(self) -> str:
        while True:
            made = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3)))
            if not any(k in made for k in self.known) and not BUDGET_TABLE_HEADER.fullmatch(made):
                return made

    def phrase(self, count: int | None = None) -> str:
        return " ".join(self.word() for _ in range(count or self.rng.randint(2, 3)))


def _front(lines: list[str], audit_start: int, wording: Wording, words: _Words, rng: random.Random) -> None:
    """Sections Ⅰ–Ⅲ (and Ⅳ's heading): headings, block titles, table titles, headers, units, dates."""
    second = next(i for i, line in enumerate(lines) if line.startswith("Ⅱ."))
    headers: dict[str, str] = {}
    unit_form = UNIT_FORMS[wording.units]
    for index, line in enumerate(lines[: audit_start + 1]):
        if wording.headings and (match := SECTION.match(line)):
            year = next((w + " " for w in match[3].split() if YEAR_TOKEN.match(w)), "")
            line = f"{match[1]}{match[2]}. {year}{words.phrase()}"
        elif wording.blocks and index < second and line.startswith(GLYPH):
            stated = line[line.index(":"):] if ":" in line else ""
            line = f"{GLYPH} {words.phrase()} {stated}".rstrip()
        elif wording.titles != "same" and (match := BUDGET_TITLE.match(line)):
            kept = match[2] + " " if wording.titles == "made_up" else ""
            line = f"{match[1]}{kept}{words.phrase()} {match[4]}"
        elif wording.headers and _is_header(line):
            stripped = line.strip()
            if stripped not in headers:
                headers[stripped] = " ".join(w if YEAR_TOKEN.match(w) else words.word() for w in stripped.split())
            line = line[: len(line) - len(line.lstrip())] + headers[stripped]
        elif wording.titles != "same" and "《" in line:
            line = regex.sub(r"《[^》]*》", f"《 {words.phrase()} 》", line)
        if "기준" in line and wording.dates != "same":
            line = AS_OF.sub(DATE_FORMS[wording.dates], line)
        if unit_form is not None:
            line = UNIT.sub(lambda m: unit_form.format(unit=m[1]), line)
        lines[index] = line
    if wording.district_title != "same":  # the last block of section Ⅰ, the district facts, under a title of no form
        last = max(i for i, line in enumerate(lines[:second]) if line.startswith(GLYPH))
        lines[last] = ("1. " if wording.district_title == "numbered" else "") + words.phrase()


def _is_header(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    return set(stripped.split()) <= HEADER_TOKENS or stripped.startswith(OTHER_HEADERS) or bool(
        EXECUTION_HEADER.match(fold(stripped)))


class _Audit:
    """Section Ⅳ as the other bureau prints it, and what the pipeline must make of it."""

    def __init__(self, findings: pd.DataFrame, summary: pd.DataFrame, wording: Wording, words: _Words,
                 rng: random.Random):
        self.wording, self.words, self.rng = wording, words, rng
        self.meanings = findings["status"].tolist()  # what each finding's printed status means
        self.made_up_status = None
        if wording.statuses == "made_up":
            self.made_up_status = rng.choice(sorted(set(self.meanings)))
            self.made_up_word = words.word()
        self.printed = [self._printed_status(meaning, original)
                        for meaning, original in zip(self.meanings, findings["status_printed"], strict=True)]
        labels = summary["category"].tolist()[1:]
        self.groups = [labels.index(category) for category in findings["category"]]
        self.rows = [(clean_name(label), [None if pd.isna(v) else int(v) for v in row])
                     for label, row in zip(summary["category"], summary[list(COLUMNS)].values.tolist(), strict=True)]
        self.split_at = self._split_point() if wording.split else None
        self.label_of = self._labels(labels)

    def _printed_status(self, meaning: str, original: str) -> str:
        if meaning == self.made_up_status:
            return self.made_up_word
        if self.wording.statuses == "same":
            return original
        return self.rng.choice(SYNONYMS[meaning])

    def _split_point(self) -> int:
        """Where the first category splits: a finding after which both halves print counts >= 0."""
        first = [i for i, group in enumerate(self.groups) if group == 0]
        printed = self.rows[1][1]
        for k in range(len(first) // 2, len(first)):
            head = self._counts(first[:k])
            if all((printed[c] or 0) - head[c] >= 0 for c in range(len(COLUMNS))):
                return first[k]
        raise AssertionError("no split point")

    def _labels(self, labels: list[str]) -> list[str]:
        """The category label of every finding, as the 총괄 table will print it."""
        names = [LABELS[label] if self.wording.labels else clean_name(label) for label in labels]
        found = []
        for number, group in enumerate(self.groups):
            if self.split_at is not None and group == 0:
                found.append(SPLIT_LABELS[0] if number < self.split_at else SPLIT_LABELS[1])
            else:
                found.append(names[group])
        return found

    def _counts(self, items: list[int]) -> list[int]:
        """Printed counts a bureau would print for findings: by what each status means."""
        counts = [len(items)] + [0] * 4
        for i in items:
            counts[COLUMNS.index(STATUS_COLUMN[self.meanings[i]])] += 1
        return counts

    def summary_rows(self) -> list[tuple[str, list[int | None]]]:
        """The 총괄 rows as printed: 계, then each category (the first split in two)."""
        rows = [self.rows[0]]
        for position, (label, counts) in enumerate(self.rows[1:]):
            label = LABELS[label] if self.wording.labels else label
            if position == 0 and self.split_at is not None:
                head = self._counts(list(range(self.split_at)))
                rest = [(c or 0) - h for c, h in zip(counts, head, strict=True)]
                rows += [(SPLIT_LABELS[0], head), (SPLIT_LABELS[1], rest)]
            else:
                rows.append((label, counts))
        return [(label, [None if c == 0 else c for c in counts]) for label, counts in rows]

    def rewrite(self, lines: list[str]) -> list[str]:
        statuses = [i for i, line in enumerate(lines) if STATUS.match(line)]
        label = self.rng.choice(STATUS_LABELS) if self.wording.statuses != "same" else "추진상황"
        for number, index in enumerate(statuses):
            lines[index] = f"□ {label} : {self.printed[number]}"
        starts = [self._request(lines, index) for index in statuses]
        headers = self._page_headers(lines)
        out = [self._page_line(line, 0, headers) for line in self._summary(lines[: starts[0]])]
        for number, start in enumerate(starts):
            end = starts[number + 1] if number + 1 < len(starts) else len(lines)
            if number == self.split_at:
                out += ["", "", "", headers["split heading"][1], "", headers["split"][1], ""]
            out += [self._page_line(line, number, headers) for line in lines[start:end]]
        return out

    def _request(self, lines: list[str], status: int) -> int:
        index = status - 1
        while not lines[index].strip():
            index -= 1
        while not lines[index].startswith("○"):
            index -= 1
        return index

    def _page_headers(self, lines: list[str]) -> dict[str, tuple[str, str]]:
        """Each page header and group heading of the reference → (its group, its new text)."""
        found = {}
        for text, heading, group in (("시정 및 처리 요구사항 조치결과 및 향후추진계획", "시정․처리 요구사항", 0),
                                     ("건 의 사 항 조 치 결 과", "건 의 사 항", 1),
                                     ("자료제출 등 기타사항 조 치 결 과", "기 타 사 항", 2)):
            if self.wording.audit_headers:
                found[text] = (group, self.words.phrase(3))
                found[heading] = (group, self.words.phrase(2))
            else:
                found[text] = (group, text)
                found[heading] = (group, heading)
        if self.wording.split:
            made_up = self.wording.audit_headers
            found["split"] = (0, self.words.phrase(3) if made_up else "처리요구사항 조치결과")
            found["split heading"] = (0, self.words.phrase(2) if made_up else SPLIT_LABELS[1])
            if not made_up:
                found["시정․처리 요구사항"] = (0, SPLIT_LABELS[0])
        return found

    def _page_line(self, line: str, number: int, headers) -> str:
        if line in headers:
            group, text = headers[line]
            if self.split_at is not None and group == 0 and number >= self.split_at and line != "시정․처리 요구사항":
                return headers["split"][1]
            return text
        return line

    def _summary(self, lines: list[str]) -> list[str]:
        """The 총괄 part: its header in other words and layouts, its rows with their labels."""
        out = []
        rows = self.summary_rows()
        for line in lines:
            if line.startswith("구 분 계"):
                out += self._summary_header()
            elif line.startswith("계 48"):
                out += [_row(*rows[0])]
                for label, counts in rows[1:]:
                    out += ["", _row(label, counts)]
            elif regex.match(r"^(시정·|건 의|기타\()", line):
                continue
            else:
                out.append(line)
        return out

    def _summary_header(self) -> list[str]:
        style = self.wording.summary_header
        words = {column: (self.rng.choice(COLUMN_WORDS[column]) if style != "same" else COLUMN_WORDS[column][0])
                 for column in COLUMNS}
        if self.made_up_status is not None:
            words[STATUS_COLUMN[self.made_up_status]] = self.made_up_word
        statuses = [words[c] for c in COLUMNS[1:]]
        if style == "two_lines":
            return [f"구 분 {words['total']} {' '.join(statuses[:2])}", " ".join(statuses[2:])]
        if style == "merged":
            return [f"구 분 {words['total']} {self.words.word()}", " ".join(statuses)]
        return [f"구 분 {words['total']} {' '.join(statuses)}"]

    def expected_summary(self, reference: pd.DataFrame) -> pd.DataFrame:
        rows = self.summary_rows()
        frame = pd.DataFrame([{"category": label, **dict(zip(COLUMNS, counts, strict=True))} for label, counts in rows])
        if self.made_up_status is not None:
            frame[STATUS_COLUMN[self.made_up_status]] = None
        frame.insert(0, "audit_year", int(reference["audit_year"].iloc[0]))
        frame.insert(0, "row_id", range(1, len(frame) + 1))
        frame.insert(0, "fiscal_year", int(reference["fiscal_year"].iloc[0]))
        frame["source_page"] = None
        frame["source_line"] = 0
        return frame.astype(reference.dtypes.to_dict())

    def expected_findings(self, reference: pd.DataFrame) -> pd.DataFrame:
        frame = reference.copy()
        frame["category"] = pd.Series(self.label_of, dtype="string")
        frame["status"] = pd.Series([None if m == self.made_up_status else m for m in self.meanings], dtype="string")
        frame["status_printed"] = pd.Series(self.printed, dtype="string")
        return frame

    def count_findings(self) -> dict[str, str]:
        """The count errors the 총괄 table and the findings give, each with a note: recomputed here."""
        rows = self.summary_rows()
        if self.made_up_status is not None:
            column = COLUMNS.index(STATUS_COLUMN[self.made_up_status])
            rows = [(label, [c if i != column else None for i, c in enumerate(counts)]) for label, counts in rows]
        statuses = [None if m == self.made_up_status else m for m in self.meanings]
        found = {}
        for position, (label, printed) in enumerate(rows):
            items = [i for i, name in enumerate(self.label_of) if position == 0 or name == label]
            counted = [len(items)] + [sum(statuses[i] is not None and STATUS_COLUMN[statuses[i]] == column
                                          for i in items) for column in COLUMNS[1:]]
            for column, want, got in zip(COLUMNS, counted, printed, strict=True):
                if want != (got or 0):
                    found[f"audit_counts_match_items|audit_summary|{label}|{column}"] = f"printed {got}, items {want}"
            if (printed[0] or 0) != sum(c or 0 for c in printed[1:]):
                found[f"audit_summary_adds_up|audit_summary|{label}|total"] = "total against its status columns"
        for position, column in enumerate(COLUMNS):
            if (rows[0][1][position] or 0) != sum(counts[position] or 0 for _, counts in rows[1:]):
                found[f"audit_summary_adds_up|audit_summary|계|{column}"] = "계 against its categories"
        return found

    def warnings(self) -> set[str]:
        if self.made_up_status is None:
            return set()
        return {f"unknown_status|audit_findings|{self.made_up_word}|",
                f"unknown_summary_column|audit_summary|{self.made_up_word}|"}


def _row(label: str, counts: list[int | None]) -> str:
    return f"{label} " + " ".join("-" if c is None else str(c) for c in counts)
