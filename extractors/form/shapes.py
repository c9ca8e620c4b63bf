"""The shapes of the form's table rows: a name, then numbers of given kinds in a given order.

    budget row      name + A A A R A R        기 획 국 12,300,000 11,070,000 △1,230,000 △10.0% 9,963,000 90.0%
    execution row   name + A A A r r A r      청사 운영 2,000,000 1,500,000 1,200,000 75.0 60.0 1,900,000 95
    grant row       name + A A A A A A A r    합    계 12,000 10,000 2,000 12,500 10,500 2,000 △500 △4.0

A is an amount (`1,234`, `△1,234`, `-`), R a rate with its sign (`87.1%`, `순증`, `-`), r a rate
that may go without it (`75.8`, `70.5%`, `-`). A table is found where its rows are, whatever its
title and header say.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.form.numbers import MISSING, NEW_ITEM, SIGNS, is_amount, is_bare_rate, is_rate

BUDGET_PATTERN = "AAARAR"
EXECUTION_PATTERN = "AAArrAr"
GRANT_PATTERN = "AAAAAAAr"
ROW_PATTERNS = {"budget": BUDGET_PATTERN, "program_execution": EXECUTION_PATTERN, "grant_scale": GRANT_PATTERN}
KIND_CHECKS = {"A": is_amount, "R": is_rate, "r": is_bare_rate}
WORD = regex.compile(r"\S+")
# The org chart's rows (조직 및 인력), as a text, a PDF and a Hangul grid print them:
# "○○과 5팀 64명" or "○○과 - 64명" (a name, its teams, its staff)
NAME_TEAMS_STAFF = regex.compile(r"^(?P<name>\D.*?)\s+(?:(?P<teams>\d+)\s*팀|-)\s+(?P<staff>[\d,]+)\s*명$")
# the same in a grid's row, whose first cell may start with a digit ("1담당관 3팀 20명")
ORG_ROW = regex.compile(r"^\S.*?\s(?:\d+\s*팀|-)\s+[\d,]+\s*명$")
# "5팀 64명": the counts alone, their unit's name on the line before
TEAMS_AND_STAFF = regex.compile(r"^(?P<teams>\d+)\s*팀\s+(?P<staff>[\d,]+)\s*명$")
# "○○연구소 12명": a unit with staff and no team count
NAME_AND_STAFF = regex.compile(r"^(?P<name>\D.*?)\s+(?P<staff>[\d,]+)\s*명$")
# A count in the audit 총괄 table: "48", "-"
COUNT = regex.compile(r"^(?:\d{1,4}|-)$")


def fits(tokens: list[str], pattern: str) -> bool:
    """Whether tokens can start a row of the pattern: each is of the kind its position needs."""
    if len(tokens) > len(pattern):
        return False
    return all(KIND_CHECKS[kind](token) for token, kind in zip(tokens, pattern[: len(tokens)], strict=True))


def is_number_word(word: str) -> bool:
    return is_amount(word) or is_rate(word)


def trailing_numbers(text: str, pattern: str = BUDGET_PATTERN) -> tuple[str, list[str]]:
    """A line's name part and its trailing number words that can start a row of the pattern
    (at most the pattern's length): "개·보수 392,400 392,400 - -" → ("개·보수", [4 words])."""
    words = list(WORD.finditer(text))
    count = 0
    while count < min(len(words), len(pattern)) and is_number_word(words[-count - 1][0]):
        count += 1
    while count and not fits([word[0] for word in words[len(words) - count :]], pattern):
        count -= 1
    if not count:
        return text, []
    first = words[len(words) - count]
    return text[: first.start()].strip(), [word[0] for word in words[len(words) - count :]]


def full_row(text: str, pattern: str) -> tuple[str, list[str]] | None:
    """(name, tokens) where the line ends in exactly a whole row of the pattern, else None."""
    words = list(WORD.finditer(text))
    if len(words) < len(pattern):
        return None
    tokens = [word[0] for word in words[-len(pattern) :]]
    if not fits(tokens, pattern):
        return None
    if len(words) > len(pattern) and KIND_CHECKS["A"](words[-len(pattern) - 1][0]) and pattern != BUDGET_PATTERN:
        return None  # one number more than the row has: another shape
    return text[: words[-len(pattern)].start()].strip(), tokens


@lru_cache(maxsize=1 << 14)
def row_shape(text: str) -> str | None:
    """Which of the form's row shapes a line has, whole ("budget", "program_execution",
    "grant_scale"), or None. A line may end in one shape only: the longest that fits wins."""
    last = text[text.rfind(" ") + 1 :]
    if not last or not (last[-1].isdigit() or last[-1] in "%" + MISSING or last == NEW_ITEM):
        return None
    for kind in ("grant_scale", "program_execution", "budget"):
        found = full_row(text, ROW_PATTERNS[kind])
        if found is not None and _is_row(found, kind):
            return kind
    return None


def numbers_only(text: str) -> list[str] | None:
    words = text.split()
    return words if words and all(is_number_word(word) for word in words) else None


def trailing_counts(text: str) -> tuple[str, list[str]]:
    """A 총괄 row's label and its counts: "건 의 사 항 13 7 6 - -" → ("건 의 사 항", [5 counts])."""
    words = text.split()
    counts: list[str] = []
    while words and COUNT.match(words[-1]):
        counts.insert(0, words.pop())
    return " ".join(words), counts


def _is_row(found: tuple[str, list[str]], kind: str) -> bool:
    """A row of amounts has at least one real amount (not only `-`), and an execution or grant
    row's amounts are not all single digits (a list of small counts is no such row)."""
    _, tokens = found
    amounts = [t for t, k in zip(tokens, ROW_PATTERNS[kind], strict=True) if k == "A" and t != "-"]
    if not amounts:
        return False
    return kind == "budget" or any(len(t.lstrip(SIGNS).replace(",", "")) > 1 for t in amounts)
